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

// Sessions from helpers, logged off before release; a helper that caches the session it hands
// out (a shared reference) is not a fresh logon for its callers.
HRESULT OpenSession(const char* profile, IMAPISession** lppSession)
{
    IMAPISession* lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)profile, NULL, MAPI_EXTENDED, &lpSession);
    if (FAILED(hr)) return hr;
    *lppSession = lpSession;
    return hr;
}

HRESULT CachedSession(IMAPISession** lppSession)
{
    IMAPISession* lpSession = GetCachedSession();
    HRESULT hr = S_OK;
    if (!lpSession) {
        hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession);
        SetCachedSession(lpSession);
    }
    if (SUCCEEDED(hr)) *lppSession = lpSession;
    return hr;
}

int RunTool()
{
    object_ptr<IMAPISession> ses;
    if (OpenSession("p", &~ses) != hrSuccess) return 1;
    DoWork(ses);
    ses->Logoff(0, 0, 0);
    IMAPISession* lpShared = NULL;
    if (FAILED(CachedSession(&lpShared))) return 1;
    DoWork(lpShared);
    lpShared->Release();
    return 0;
}
