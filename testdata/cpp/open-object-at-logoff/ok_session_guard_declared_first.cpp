// outboxwatch.cpp - reports how many messages are still waiting in the Outbox.
//
// RAII everywhere: CMapiInitGuard pairs MAPIInitialize/MAPIUninitialize, CSessionGuard does
// Logoff + Release in its destructor. COutboxChecker declares its session guard FIRST, so it
// is destroyed LAST: the Outbox and the store (declared after it) are released before the
// guard logs the session off. In wmain the MAPI guard is declared before the checker, so
// MAPIUninitialize runs after the checker is gone.

#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CMapiInitGuard
{
public:
    CMapiInitGuard()
    {
        HRESULT hr = MAPIInitialize(NULL);
        if (FAILED(hr))
            throw hr;           // nothing to undo: the destructor will not run
    }
    ~CMapiInitGuard() { MAPIUninitialize(); }
};

class CSessionGuard
{
public:
    CSessionGuard() : m_lpSession(NULL) {}
    ~CSessionGuard()
    {
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
            m_lpSession = NULL;
        }
    }
    HRESULT Logon(LPCWSTR pszProfile)
    {
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | (pszProfile ? 0 : MAPI_USE_DEFAULT),
                           &m_lpSession);
    }
    LPMAPISESSION Get() const { return m_lpSession; }

private:
    LPMAPISESSION m_lpSession;
};

class COutboxChecker
{
public:
    HRESULT Open(LPCWSTR pszProfile);
    HRESULT PendingCount(ULONG* pcPending);

private:
    CSessionGuard          m_session;   // first: destroyed last
    CComPtr<IMsgStore>     m_spStore;
    CComPtr<IMAPIFolder>   m_spOutbox;
};

HRESULT COutboxChecker::Open(LPCWSTR pszProfile)
{
    HRESULT hr = S_OK;
    CComPtr<IMAPITable> spStores;
    LPSRowSet pRows = NULL;
    LPSPropValue pOutboxEID = NULL;
    ULONG ulType = 0;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    CHK_HR(m_session.Logon(pszProfile));
    CHK_HR(m_session.Get()->GetMsgStoresTable(0, &spStores));
    CHK_HR(HrQueryAllRows(spStores, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &pRows));
    for (ULONG i = 0; i < pRows->cRows; i++)
    {
        LPSPropValue pCols = pRows->aRow[i].lpProps;
        if (pCols[1].ulPropTag == PR_DEFAULT_STORE && pCols[1].Value.b)
        {
            CHK_HR(m_session.Get()->OpenMsgStore(0, pCols[0].Value.bin.cb, (LPENTRYID)pCols[0].Value.bin.lpb,
                                                 NULL, MDB_NO_DIALOG | MAPI_BEST_ACCESS, &m_spStore));
            break;
        }
    }
    if (!m_spStore)
    {
        hr = MAPI_E_NOT_FOUND;
        goto Cleanup;
    }

    CHK_HR(HrGetOneProp(m_spStore, PR_IPM_OUTBOX_ENTRYID, &pOutboxEID));
    CHK_HR(m_spStore->OpenEntry(pOutboxEID->Value.bin.cb, (LPENTRYID)pOutboxEID->Value.bin.lpb,
                                NULL, 0, &ulType, (LPUNKNOWN*)&m_spOutbox));

Cleanup:
    MAPIFreeBuffer(pOutboxEID);
    FreeProws(pRows);
    return hr;
}

HRESULT COutboxChecker::PendingCount(ULONG* pcPending)
{
    HRESULT hr = S_OK;
    CComPtr<IMAPITable> spContents;

    *pcPending = 0;
    CHK_HR(m_spOutbox->GetContentsTable(0, &spContents));
    CHK_HR(spContents->GetRowCount(0, pcPending));

Cleanup:
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    if (argc > 2)
    {
        wprintf(L"usage: %s [profile]\n", argv[0]);
        return 2;
    }

    try
    {
        CMapiInitGuard mapi;            // first: MAPIUninitialize runs last
        COutboxChecker checker;
        ULONG cPending = 0;
        HRESULT hr = checker.Open(argc == 2 ? argv[1] : NULL);
        if (FAILED(hr))
        {
            wprintf(L"cannot open the Outbox: 0x%08lx\n", hr);
            return 1;
        }
        hr = checker.PendingCount(&cPending);
        if (FAILED(hr))
            return 1;
        wprintf(L"%lu message(s) waiting to be sent\n", cPending);
    }
    catch (HRESULT hr)
    {
        wprintf(L"MAPIInitialize failed: 0x%08lx\n", hr);
        return 1;
    }
    return 0;
}
