// mirrorcheck.cpp - compares the number of stores in two profiles and stops a watcher
// session. While it holds objects of ONE session it logs off a DIFFERENT one:
//  * Compare() holds a stores table of the primary session (the caller's) while the
//    secondary mailbox is disconnected (CMailbox::Disconnect logs off that object's own
//    member session);
//  * Report() holds a status table of its local session while StopWatcher() logs off the
//    global watcher session.
// Nothing opened from a session is still open when THAT session is logged off.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static LPMAPISESSION g_lpWatchSession = NULL;

class CMailbox
{
public:
    CMailbox() : m_lpSession(NULL) {}
    ~CMailbox() { Disconnect(); }
    HRESULT Connect(LPCWSTR pszProfile)
    {
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession);
    }
    void Disconnect()
    {
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
            m_lpSession = NULL;
        }
    }
    HRESULT OpenStores(LPMAPITABLE* lppTable)
    {
        return m_lpSession->GetMsgStoresTable(0, lppTable);
    }
private:
    LPMAPISESSION m_lpSession;
};

static HRESULT StartWatcher()
{
    return MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION,
                       &g_lpWatchSession);
}

static void StopWatcher()
{
    if (g_lpWatchSession)
    {
        g_lpWatchSession->Logoff(0, 0, 0);
        g_lpWatchSession->Release();
        g_lpWatchSession = NULL;
    }
}

static HRESULT Compare(LPMAPISESSION lpPrimarySession, CMailbox* pSecondary)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpPrimary = NULL;
    LPMAPITABLE lpSecondary = NULL;
    ULONG cPrimary = 0, cSecondary = 0;

    CHK_HR(lpPrimarySession->GetMsgStoresTable(0, &lpPrimary));
    CHK_HR(pSecondary->OpenStores(&lpSecondary));
    CHK_HR(lpSecondary->GetRowCount(0, &cSecondary));
    lpSecondary->Release();
    lpSecondary = NULL;
    pSecondary->Disconnect();       // the secondary's session; lpPrimary is not from it
    CHK_HR(lpPrimary->GetRowCount(0, &cPrimary));
    wprintf(L"primary: %lu stores, secondary: %lu stores\n", cPrimary, cSecondary);

Cleanup:
    if (lpSecondary)
        lpSecondary->Release();
    if (lpPrimary)
        lpPrimary->Release();
    return hr;
}

static HRESULT Report(LPCWSTR pszProfile)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMAPITABLE lpStatus = NULL;
    ULONG cRows = 0;

    CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                       MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &lpSession));
    CHK_HR(lpSession->GetStatusTable(0, &lpStatus));
    StopWatcher();                  // the global watcher session, not lpSession
    CHK_HR(lpStatus->GetRowCount(0, &cRows));
    wprintf(L"%lu status row(s)\n", cRows);

Cleanup:
    if (lpStatus)
        lpStatus->Release();
    if (lpSession)
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    if (argc != 3)
    {
        wprintf(L"usage: %ls primary-profile secondary-profile\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    HRESULT hr = StartWatcher();
    if (FAILED(hr))
        wprintf(L"no watcher session: 0x%08lx\n", hr);
    {
        LPMAPISESSION lpPrimary = NULL;
        CMailbox secondary;
        if (SUCCEEDED(MAPILogonEx(0, (LPTSTR)argv[1], NULL,
                                  MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &lpPrimary)))
        {
            if (SUCCEEDED(secondary.Connect(argv[2])))
                hr = Compare(lpPrimary, &secondary);
            lpPrimary->Logoff(0, 0, 0);
            lpPrimary->Release();
        }
    }
    if (SUCCEEDED(hr))
        hr = Report(argv[1]);
    StopWatcher();
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
