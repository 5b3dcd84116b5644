// mailboxmon.cpp - logs on, prints the display name of the default store, and optionally
// keeps a CMailbox object connected for a polling loop.
//
// Two sessions are logged off but never released:
//  * PrintStoreName: `lpSession->Logoff(..); lpSession = NULL;` drops the last reference
//    without Release;
//  * CMailbox: m_lpSession is logged on in Connect() and logged off in Disconnect(), but
//    no method of the class ever releases it (Disconnect only clears the pointer).
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define EC_HRES(x)                                                             \
    do {                                                                       \
        hr = (x);                                                              \
        if (FAILED(hr)) {                                                      \
            wprintf(L"%hs failed: 0x%08lx\n", #x, (unsigned long)hr);          \
            goto Cleanup;                                                      \
        }                                                                      \
    } while (0)

HRESULT OpenDefaultStore(IMAPISession* lpSession, IMsgStore** lppMDB);

static HRESULT PrintStoreName()
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPSPropValue lpName = NULL;

    EC_HRES(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &lpSession));
    EC_HRES(OpenDefaultStore(lpSession, &lpMDB));
    EC_HRES(HrGetOneProp(lpMDB, PR_DISPLAY_NAME_W, &lpName));
    wprintf(L"default store: %ls\n", lpName->Value.lpszW);

Cleanup:
    MAPIFreeBuffer(lpName);
    if (lpMDB)
        lpMDB->Release();
    if (lpSession) {
        lpSession->Logoff(0, 0, 0); //~ session-not-released
        lpSession = NULL;           // BUG: the reference is dropped without Release
    }
    return hr;
}

class CMailbox
{
public:
    CMailbox() : m_lpSession(NULL), m_cPolls(0) {}
    ~CMailbox() { Disconnect(); }

    HRESULT Connect(LPCWSTR pwszProfile);
    HRESULT Poll();
    void Disconnect();

private:
    LPMAPISESSION m_lpSession;
    ULONG m_cPolls;
};

HRESULT CMailbox::Connect(LPCWSTR pwszProfile)
{
    if (m_lpSession)
        return S_OK;
    return MAPILogonEx(0, (LPTSTR)pwszProfile, NULL,
                       MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession);
}

HRESULT CMailbox::Poll()
{
    if (!m_lpSession)
        return MAPI_E_NOT_INITIALIZED;
    LPMAPITABLE lpTable = NULL;
    ULONG cRows = 0;
    HRESULT hr = m_lpSession->GetMsgStoresTable(0, &lpTable);
    if (FAILED(hr))
        return hr;
    hr = lpTable->GetRowCount(0, &cRows);
    lpTable->Release();
    m_cPolls++;
    wprintf(L"poll %lu: %lu store(s)\n", m_cPolls, cRows);
    return hr;
}

void CMailbox::Disconnect()
{
    if (m_lpSession) {
        m_lpSession->Logoff(0, 0, 0); //~ session-not-released
        m_lpSession = NULL;         // BUG: never released by any method of CMailbox
    }
}

int wmain(int argc, wchar_t** argv)
{
    int cPolls = 0;
    if (argc > 2) {
        wprintf(L"usage: %ls [polls]\n", argv[0]);
        return 2;
    }
    if (argc == 2)
        cPolls = _wtoi(argv[1]);

    if (FAILED(MAPIInitialize(NULL)))
        return 1;

    int rc = FAILED(PrintStoreName()) ? 1 : 0;

    if (cPolls > 0) {
        CMailbox mailbox;
        if (SUCCEEDED(mailbox.Connect(NULL))) {
            for (int i = 0; i < cPolls; i++) {
                if (FAILED(mailbox.Poll()))
                    break;
                Sleep(1000);
            }
        }
        mailbox.Disconnect();
    }

    MAPIUninitialize();
    return rc;
}
