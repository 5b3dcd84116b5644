// Sessions released without Logoff on some path.
HRESULT NoLogoff()
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &lpSession); //~ missing-logoff
    if (FAILED(hr)) return hr;
    hr = DoWork(lpSession);
    lpSession->Release();
    return hr;
}

HRESULT OnlyWhenWorkSucceeds()
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession); //~ missing-logoff
    if (FAILED(hr)) return hr;
    hr = DoWork(lpSession);
    if (SUCCEEDED(hr)) lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    return hr;
}

void SmartPointerScopeEnd()
{
    CComPtr<IMAPISession> spSession;
    if (FAILED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &spSession))) return; //~ missing-logoff
    DoWork(spSession);
}

// kopano-style smart pointer: `&~p` releases what p held and hands out its slot.
HRESULT ObjectPtrEarlyReturn(const char* profile)
{
    object_ptr<IMAPISession> lpSession;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)profile, NULL, MAPI_EXTENDED, &~lpSession); //~ missing-logoff
    if (hr != hrSuccess) return hr;
    hr = DeleteProfile(profile);
    if (hr != hrSuccess) return hr;
    lpSession->Logoff(0, 0, 0);
    return hrSuccess;
}

// A helper hands out the session through its out parameter (or its result); the caller
// releases it without Logoff.
HRESULT OpenSession(const char* profile, IMAPISession** lppSession)
{
    IMAPISession* lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)profile, NULL, MAPI_EXTENDED, &lpSession); //~ missing-logoff
    if (FAILED(hr)) return hr;
    *lppSession = lpSession;
    return hr;
}

LPMAPISESSION LogonDefault()
{
    LPMAPISESSION lpSession = NULL;
    if (FAILED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession))) //~ missing-logoff
        return NULL;
    return lpSession;
}

int RunTool()
{
    object_ptr<IMAPISession> ses;
    if (OpenSession("p", &~ses) != hrSuccess) return 1;
    DoWork(ses);
    LPMAPISESSION lpDefault = LogonDefault();
    if (!lpDefault) return 1;
    DoWork(lpDefault);
    lpDefault->Release();
    return 0;
}
