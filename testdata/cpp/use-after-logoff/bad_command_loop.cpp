// A command loop. The loop variable is bound anew in each iteration, so what one iteration
// found out about it says nothing about the next: a "logoff" command followed by a "stores"
// command uses the session after Logoff.
void Log(const char *what);

HRESULT RunCommands(const std::vector<std::string> &commands)
{
    LPMAPISESSION lpSession = NULL;
    LPMAPITABLE lpTable = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession); //~ missing-logoff
    if (FAILED(hr))
        return hr;
    for (const auto &cmd : commands) {
        if (cmd == "logoff") {
            lpSession->Logoff(0, 0, 0); //~ use-after-logoff
        } else if (cmd == "stores") {
            hr = lpSession->GetMsgStoresTable(0, &lpTable); //~ use-after-logoff
            if (SUCCEEDED(hr))
                lpTable->Release();
        }
        if (cmd == "logoff")
            Log("logged off");
    }
    lpSession->Release();
    return hr;
}
