// A new-mail monitor object lives in wmain's scope, and MAPI is uninitialized before the end of
// that scope. Disconnect() releases everything and clears the members before that, so the
// destructor's second Disconnect() finds nothing left to release.
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>
#include <stdio.h>

class CMailMonitor
{
public:
    CMailMonitor() : m_lpSession(nullptr), m_lpStore(nullptr) {}
    ~CMailMonitor();
    HRESULT Connect(LPCTSTR pszProfile);
    HRESULT Disconnect();
    ULONG Unread();

private:
    LPMAPISESSION m_lpSession;
    LPMDB m_lpStore;
};

CMailMonitor::~CMailMonitor()
{
    Disconnect();
}

HRESULT CMailMonitor::Connect(LPCTSTR pszProfile)
{
    HRESULT hr = MAPILogonEx(0, const_cast<LPTSTR>(pszProfile), nullptr,
                             MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE, &m_lpSession);
    if (FAILED(hr))
        return hr;
    return HrOpenExchangePrivateStore(m_lpSession, &m_lpStore);
}

HRESULT CMailMonitor::Disconnect()
{
    HRESULT hr = S_OK;
    if (m_lpStore)
    {
        m_lpStore->Release();
        m_lpStore = nullptr;
    }
    if (m_lpSession)
    {
        hr = m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
        m_lpSession = nullptr;
    }
    return hr;
}

ULONG CMailMonitor::Unread()
{
    LPSPropValue lpProp = nullptr;
    if (!m_lpStore || FAILED(HrGetOneProp(m_lpStore, PR_CONTENT_UNREAD, &lpProp)))
        return 0;
    ULONG n = lpProp->Value.l;
    MAPIFreeBuffer(lpProp);
    return n;
}

int wmain(int argc, wchar_t** argv)
{
    if (argc < 2)
        return 2;
    if (FAILED(MAPIInitialize(nullptr)))
        return 1;
    CMailMonitor monitor;
    HRESULT hr = monitor.Connect(reinterpret_cast<LPCTSTR>(argv[1]));
    if (SUCCEEDED(hr))
        printf("%lu unread\n", monitor.Unread());
    monitor.Disconnect();
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
