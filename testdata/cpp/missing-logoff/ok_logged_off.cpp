// Correct: Logoff before every release; a failed logon holds no session.
HRESULT LoggedOff()
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession);
    if (FAILED(hr)) return hr;
    hr = DoWork(lpSession);
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    return hr;
}

void FailedLogon()
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession);
    if (FAILED(hr)) {
        if (lpSession) lpSession->Release();
        return;
    }
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
}

void SmartPointerLoggedOff()
{
    CComPtr<IMAPISession> spSession;
    if (FAILED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &spSession))) return;
    DoWork(spSession);
    spSession->Logoff(0, 0, 0);
}

// Handed to an owner that logs off later: not this function's to judge.
void Stored(CApp* pApp)
{
    LPMAPISESSION lpSession = NULL;
    if (FAILED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession))) return;
    pApp->SetSession(lpSession);
}
