// deleteditems.cpp - reports (and optionally empties) the Deleted Items folder.
//
// CDeletedItems releases the folder and the store, then logs off and releases the session,
// all in its destructor. Every owner of one destroys it while MAPI is still initialized:
// `delete pClient;` runs the destructor at that line, before MAPIUninitialize, and the local
// in the inner block is destroyed at the block's closing brace, before MAPIUninitialize.

#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CDeletedItems
{
public:
    CDeletedItems() : m_lpSession(NULL), m_lpMDB(NULL), m_lpFolder(NULL) {}
    ~CDeletedItems();

    HRESULT Open(LPCWSTR pszProfile);
    HRESULT Report();
    HRESULT Empty();

private:
    LPMAPISESSION m_lpSession;
    LPMDB         m_lpMDB;
    LPMAPIFOLDER  m_lpFolder;
};

CDeletedItems::~CDeletedItems()
{
    if (m_lpFolder)
        m_lpFolder->Release();
    if (m_lpMDB)
        m_lpMDB->Release();
    if (m_lpSession)
    {
        m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
    }
}

HRESULT CDeletedItems::Open(LPCWSTR pszProfile)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpStores = NULL;
    LPSRowSet pRows = NULL;
    LPSPropValue pWasteEID = NULL;
    ULONG ulType = 0;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession));
    CHK_HR(m_lpSession->GetMsgStoresTable(0, &lpStores));
    CHK_HR(HrQueryAllRows(lpStores, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &pRows));
    for (ULONG i = 0; i < pRows->cRows && !m_lpMDB; i++)
    {
        LPSPropValue pCols = pRows->aRow[i].lpProps;
        if (pCols[1].ulPropTag == PR_DEFAULT_STORE && pCols[1].Value.b)
            CHK_HR(m_lpSession->OpenMsgStore(0, pCols[0].Value.bin.cb, (LPENTRYID)pCols[0].Value.bin.lpb,
                                             NULL, MDB_NO_DIALOG | MDB_WRITE, &m_lpMDB));
    }
    if (!m_lpMDB)
    {
        hr = MAPI_E_NOT_FOUND;
        goto Cleanup;
    }
    CHK_HR(HrGetOneProp(m_lpMDB, PR_IPM_WASTEBASKET_ENTRYID, &pWasteEID));
    CHK_HR(m_lpMDB->OpenEntry(pWasteEID->Value.bin.cb, (LPENTRYID)pWasteEID->Value.bin.lpb, NULL,
                              MAPI_MODIFY, &ulType, (LPUNKNOWN*)&m_lpFolder));

Cleanup:
    MAPIFreeBuffer(pWasteEID);
    FreeProws(pRows);
    if (lpStores)
        lpStores->Release();
    return hr;
}

HRESULT CDeletedItems::Report()
{
    HRESULT hr = S_OK;
    LPSPropValue pCount = NULL;

    CHK_HR(HrGetOneProp(m_lpFolder, PR_CONTENT_COUNT, &pCount));
    wprintf(L"Deleted Items holds %lu message(s)\n", pCount->Value.l);

Cleanup:
    MAPIFreeBuffer(pCount);
    return hr;
}

HRESULT CDeletedItems::Empty()
{
    return m_lpFolder->EmptyFolder(0, NULL, DEL_ASSOCIATED);
}

int wmain(int argc, wchar_t** argv)
{
    bool fEmpty = false;
    int rc = 0;

    if (argc < 2 || argc > 3)
    {
        wprintf(L"usage: %s profile [/empty]\n", argv[0]);
        return 2;
    }
    if (argc == 3)
        fEmpty = (_wcsicmp(argv[2], L"/empty") == 0);

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    {
        // First pass: just report, with a local object.
        CDeletedItems report;
        if (SUCCEEDED(report.Open(argv[1])))
            report.Report();
    }   // report's destructor runs here, MAPI still initialized

    if (fEmpty)
    {
        CDeletedItems* pClient = new CDeletedItems();
        hr = pClient->Open(argv[1]);
        if (SUCCEEDED(hr))
            hr = pClient->Empty();
        if (FAILED(hr))
        {
            wprintf(L"could not empty Deleted Items: 0x%08lx\n", hr);
            rc = 1;
        }
        delete pClient;     // destructor runs here, before MAPIUninitialize
    }

    MAPIUninitialize();
    return rc;
}
