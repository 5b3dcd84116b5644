// inboxstat.cpp - prints how many messages and unread messages the default Inbox holds.
//
// CInboxStats keeps the session, the default store and the Inbox in CComPtr members.
// Its destructor logs the session off and leaves the members to their own destructors.
// Members are destroyed AFTER the destructor body, in reverse declaration order: the Inbox
// and the store are released after Logoff.

#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CInboxStats
{
public:
    CInboxStats() {}
    ~CInboxStats();

    HRESULT Logon(LPCWSTR pszProfile);
    HRESULT OpenDefaultStore();
    HRESULT OpenInbox();
    HRESULT Count(ULONG* pcTotal, ULONG* pcUnread);

private:
    CComPtr<IMAPISession> m_spSession;
    CComPtr<IMsgStore>    m_spStore;
    CComPtr<IMAPIFolder>  m_spInbox;
};

CInboxStats::~CInboxStats()
{
    // The session is the last thing we want to go away, so log it off here.
    if (m_spSession)
        m_spSession->Logoff(0, 0, 0);
}

HRESULT CInboxStats::Logon(LPCWSTR pszProfile)
{
    FLAGS flFlags = MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION;
    if (!pszProfile)
        flFlags |= MAPI_USE_DEFAULT;
    return MAPILogonEx(0, (LPTSTR)pszProfile, NULL, flFlags, &m_spSession);
}

HRESULT CInboxStats::OpenDefaultStore()
{
    HRESULT hr = S_OK;
    CComPtr<IMAPITable> spStores;
    LPSRowSet pRows = NULL;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    CHK_HR(m_spSession->GetMsgStoresTable(0, &spStores));
    CHK_HR(HrQueryAllRows(spStores, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &pRows));

    for (ULONG i = 0; i < pRows->cRows; i++)
    {
        LPSPropValue pCols = pRows->aRow[i].lpProps;
        if (pCols[1].ulPropTag == PR_DEFAULT_STORE && pCols[1].Value.b)
        {
            CHK_HR(m_spSession->OpenMsgStore(0, pCols[0].Value.bin.cb, (LPENTRYID)pCols[0].Value.bin.lpb, NULL, MDB_NO_DIALOG | MAPI_BEST_ACCESS, &m_spStore)); //~ open-object-at-logoff
            break;
        }
    }
    if (!m_spStore)
        hr = MAPI_E_NOT_FOUND;

Cleanup:
    FreeProws(pRows);
    return hr;
}

HRESULT CInboxStats::OpenInbox()
{
    HRESULT hr = S_OK;
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;
    ULONG ulType = 0;

    CHK_HR(m_spStore->GetReceiveFolder((LPTSTR)"IPM.Note", 0, &cbEID, &lpEID, NULL));
    CHK_HR(m_spStore->OpenEntry(cbEID, lpEID, NULL, MAPI_BEST_ACCESS, &ulType, (LPUNKNOWN*)&m_spInbox)); //~ open-object-at-logoff

Cleanup:
    MAPIFreeBuffer(lpEID);
    return hr;
}

HRESULT CInboxStats::Count(ULONG* pcTotal, ULONG* pcUnread)
{
    HRESULT hr = S_OK;
    LPSPropValue pProps = NULL;
    ULONG cValues = 0;
    static const SizedSPropTagArray(2, sptCounts) = { 2, { PR_CONTENT_COUNT, PR_CONTENT_UNREAD } };

    CHK_HR(m_spInbox->GetProps((LPSPropTagArray)&sptCounts, 0, &cValues, &pProps));
    *pcTotal = (pProps[0].ulPropTag == PR_CONTENT_COUNT) ? pProps[0].Value.l : 0;
    *pcUnread = (pProps[1].ulPropTag == PR_CONTENT_UNREAD) ? pProps[1].Value.l : 0;

Cleanup:
    MAPIFreeBuffer(pProps);
    return hr;
}

static HRESULT Run(LPCWSTR pszProfile)
{
    HRESULT hr = S_OK;
    ULONG cTotal = 0, cUnread = 0;
    CInboxStats stats;

    hr = stats.Logon(pszProfile);
    if (FAILED(hr))
    {
        wprintf(L"MAPILogonEx failed: 0x%08lx\n", hr);
        return hr;
    }
    CHK_HR(stats.OpenDefaultStore());
    CHK_HR(stats.OpenInbox());
    CHK_HR(stats.Count(&cTotal, &cUnread));
    wprintf(L"Inbox: %lu messages, %lu unread\n", cTotal, cUnread);

Cleanup:
    if (FAILED(hr))
        wprintf(L"error 0x%08lx\n", hr);
    return hr;
}

static void usage(const wchar_t* argv0)
{
    wprintf(L"usage: %s [profile]\n", argv0);
}

int wmain(int argc, wchar_t** argv)
{
    if (argc > 2)
    {
        usage(argv[0]);
        return 2;
    }

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
    {
        wprintf(L"MAPIInitialize failed: 0x%08lx\n", hr);
        return 1;
    }

    hr = Run(argc == 2 ? argv[1] : NULL);

    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
