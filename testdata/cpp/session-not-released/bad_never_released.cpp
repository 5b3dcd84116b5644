// Sessions logged off (or not) but never released on some path.
HRESULT LogoffOnly()
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &lpSession);
    if (FAILED(hr)) return hr;
    hr = DoWork(lpSession);
    lpSession->Logoff(0, 0, 0); //~ session-not-released
    return hr;
}

HRESULT EarlyReturn()
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession); //~ session-not-released
    if (FAILED(hr)) return hr;
    LPMDB lpMDB = NULL;
    hr = OpenDefaultStore(lpSession, &lpMDB);
    if (FAILED(hr)) return hr;          // the session leaks here
    lpMDB->Release();
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    return S_OK;
}

// A member session that no method of the class ever releases.
class CLeakySession
{
    HRESULT Logon();
    void Logoff();
    LPMAPISESSION m_lpSession;
};

HRESULT CLeakySession::Logon()
{
    return MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &m_lpSession);
}

void CLeakySession::Logoff()
{
    m_lpSession->Logoff(0, 0, 0); //~ session-not-released
}
