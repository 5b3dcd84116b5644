// Correct: the session is released on every path, or handed to something that releases it.
HRESULT Released()
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession);
    if (FAILED(hr)) return hr;
    hr = DoWork(lpSession);
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    return hr;
}

HRESULT GotoCleanup()
{
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession);
    if (FAILED(hr)) goto Cleanup;
    hr = OpenDefaultStore(lpSession, &lpMDB);
    if (FAILED(hr)) goto Cleanup;
    lpMDB->Release();
Cleanup:
    if (lpSession) {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    return hr;
}

// Returned to the caller, stored in an owner, or kept in a smart pointer.
LPMAPISESSION Returned()
{
    LPMAPISESSION lpSession = NULL;
    if (FAILED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession))) return NULL;
    return lpSession;
}

HRESULT OutParameter(LPMAPISESSION* lppSession)
{
    return MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, lppSession);
}

void SmartPointer()
{
    CComPtr<IMAPISession> spSession;
    if (FAILED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &spSession))) return;
    spSession->Logoff(0, 0, 0);
}

void Stored(CApp* pApp)
{
    LPMAPISESSION lpSession = NULL;
    if (FAILED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession))) return;
    pApp->SetSession(lpSession);
}

// A helper in the scanned sources that keeps its parameter takes it over.
static LPMAPISESSION g_lpSession;
void KeepSession(LPMAPISESSION lpSession)
{
    g_lpSession = lpSession;
}

void HandedToKeeper()
{
    LPMAPISESSION lpSession = NULL;
    if (FAILED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession))) return;
    KeepSession(lpSession);
}

void ReleaseGlobal()
{
    g_lpSession->Logoff(0, 0, 0);
    g_lpSession->Release();
}

// A member session released by another method of the class.
class CSessionOwner
{
    HRESULT Logon();
    void Shutdown();
    LPMAPISESSION m_lpSession;
};

HRESULT CSessionOwner::Logon()
{
    return MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &m_lpSession);
}

void CSessionOwner::Shutdown()
{
    m_lpSession->Logoff(0, 0, 0);
    m_lpSession->Release();
    m_lpSession = NULL;
}

// Released through a macro; stored in a caller's struct; returned through an out parameter;
// handed to a new owner (which AddRefs) and released; attached to a smart pointer.
#define SAFE_RELEASE(p) if (p) { (p)->Release(); (p) = NULL; }
HRESULT SessionMacro()
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession);
    if (FAILED(hr)) return hr;
    lpSession->Logoff(0, 0, 0);
    SAFE_RELEASE(lpSession);
    return hr;
}

HRESULT SessionStoredInStruct(CONTEXT* ctx)
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession);
    if (FAILED(hr)) return hr;
    ctx->lpSession = lpSession;
    return hr;
}

HRESULT SessionOut(LPMAPISESSION* lppSession)
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession);
    if (FAILED(hr)) return hr;
    *lppSession = lpSession;
    return hr;
}

HRESULT SessionNewOwner(CApp** ppApp)
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession);
    if (FAILED(hr)) return hr;
    *ppApp = new CApp(lpSession);
    lpSession->Release();
    return hr;
}

HRESULT SessionAttached()
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession);
    if (FAILED(hr)) return hr;
    CComPtr<IMAPISession> sp;
    sp.Attach(lpSession);
    sp->Logoff(0, 0, 0);
    return hr;
}

// A helper in the scanned sources that logs off and releases its parameter.
void Finish(LPMAPISESSION lpSession)
{
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
}

HRESULT ReleasedByHelper()
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession);
    if (FAILED(hr)) return hr;
    hr = DoWork(lpSession);
    Finish(lpSession);
    return hr;
}

// Logged on under `a && b`, released under `a`: the operands of && are correlated with later
// tests, so the path that logs on and then skips the release is infeasible.
LPMAPISESSION LogonForTool(ULONG ulFlags)
{
    LPMAPISESSION lpSession = NULL;
    if (FAILED(MAPILogonEx(0, NULL, NULL, ulFlags, &lpSession))) return NULL;
    return lpSession;
}

int ToolMain(ULONG ulOptions)
{
    bool bInit = false;
    LPMAPISESSION lpSession = NULL;
    if (SUCCEEDED(MAPIInitialize(NULL))) bInit = true;
    if (bInit && (ulOptions & 1)) {
        lpSession = LogonForTool(MAPI_EXTENDED);
    }
    if (lpSession) Run(lpSession);
    if (bInit) {
        if (lpSession) {
            lpSession->Logoff(0, 0, 0);
            lpSession->Release();
        }
        MAPIUninitialize();
    }
    return 0;
}
