// mailwatch.cpp - a small service that keeps a MAPI session open and polls the Inbox.
//
// CMailWatchService::Start() initializes MAPI (with multithreaded notifications, since the
// service control thread is not the thread that calls Start) and logs on; Stop() undoes
// both. Stop() is called by the control handler AND by the destructor, so each step is
// guarded by a member that Stop() clears: the second Stop() does nothing. When the logon
// in Start() fails, Start() uninitializes on its own and clears the flag, so the later
// Stop() does not uninitialize a second time.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define LOG_HR(what, hr) fprintf(stderr, "mailwatch: %s failed 0x%08lx\n", what, (unsigned long)(hr))

class CMailWatchService
{
public:
    CMailWatchService() : m_fMapiInit(false), m_lpSession(NULL), m_ulPolls(0) {}
    ~CMailWatchService() { Stop(); }

    HRESULT Start(LPCSTR pszProfile);
    void Stop();
    HRESULT Poll();

private:
    bool          m_fMapiInit;
    LPMAPISESSION m_lpSession;
    ULONG         m_ulPolls;
};

HRESULT CMailWatchService::Start(LPCSTR pszProfile)
{
    MAPIINIT_0 mi = { MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS | MAPI_NT_SERVICE };

    HRESULT hr = MAPIInitialize(&mi);
    if (FAILED(hr))
    {
        LOG_HR("MAPIInitialize", hr);
        return hr;
    }
    m_fMapiInit = true;

    hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                     MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NT_SERVICE | MAPI_NO_MAIL, &m_lpSession);
    if (FAILED(hr))
    {
        LOG_HR("MAPILogonEx", hr);
        m_lpSession = NULL;
        MAPIUninitialize();
        m_fMapiInit = false;
        return hr;
    }
    return S_OK;
}

void CMailWatchService::Stop()
{
    if (m_lpSession)
    {
        m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
        m_lpSession = NULL;
    }
    if (m_fMapiInit)
    {
        MAPIUninitialize();
        m_fMapiInit = false;
    }
}

HRESULT CMailWatchService::Poll()
{
    LPMAPITABLE lpTable = NULL;
    ULONG cRows = 0;

    if (!m_lpSession)
        return MAPI_E_NOT_INITIALIZED;
    HRESULT hr = m_lpSession->GetMsgStoresTable(0, &lpTable);
    if (FAILED(hr))
        return hr;
    hr = lpTable->GetRowCount(0, &cRows);
    lpTable->Release();
    if (SUCCEEDED(hr))
        printf("poll %lu: %lu store(s)\n", ++m_ulPolls, cRows);
    return hr;
}

static volatile LONG g_fStopRequested = 0;

static BOOL WINAPI CtrlHandler(DWORD dwCtrl)
{
    if (dwCtrl == CTRL_C_EVENT || dwCtrl == CTRL_BREAK_EVENT)
    {
        InterlockedExchange(&g_fStopRequested, 1);
        return TRUE;
    }
    return FALSE;
}

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        fprintf(stderr, "usage: %s profile\n", argv[0]);
        return 2;
    }
    SetConsoleCtrlHandler(CtrlHandler, TRUE);

    CMailWatchService svc;
    HRESULT hr = svc.Start(argv[1]);
    if (FAILED(hr))
        return 1;                        // ~CMailWatchService: Stop() finds nothing to do

    while (!g_fStopRequested)
    {
        if (FAILED(svc.Poll()))
            break;
        Sleep(5000);
    }

    svc.Stop();                          // explicit stop; the destructor's Stop() is a no-op
    return 0;
}
