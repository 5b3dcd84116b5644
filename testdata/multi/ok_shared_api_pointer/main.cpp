// folderstat.exe - prints item counts of the standard folders of the default store, then
// remembers the store's record key in a MAPI buffer for the closing line.

#include "folderstats.h"
#include <stdio.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static HRESULT OpenDefaultStore(LPMAPISESSION lpSession, LPMDB* lppMDB)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpStores = NULL;
    LPSRowSet pRows = NULL;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    *lppMDB = NULL;
    CHK_HR(lpSession->GetMsgStoresTable(0, &lpStores));
    CHK_HR(HrQueryAllRows(lpStores, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &pRows));
    for (ULONG i = 0; i < pRows->cRows && !*lppMDB; i++)
    {
        LPSPropValue pCols = pRows->aRow[i].lpProps;
        if (pCols[1].ulPropTag == PR_DEFAULT_STORE && pCols[1].Value.b)
            CHK_HR(lpSession->OpenMsgStore(0, pCols[0].Value.bin.cb, (LPENTRYID)pCols[0].Value.bin.lpb,
                                           NULL, MDB_NO_DIALOG, lppMDB));
    }
    if (!*lppMDB)
        hr = MAPI_E_NOT_FOUND;

Cleanup:
    FreeProws(pRows);
    if (lpStores)
        lpStores->Release();
    return hr;
}

static void ReportFolders(CMapiApi* pApi, LPMDB lpMDB)
{
    static const struct { ULONG ulTag; LPCWSTR pszName; } rgFolders[] = {
        { PR_IPM_OUTBOX_ENTRYID,     L"Outbox" },
        { PR_IPM_SENTMAIL_ENTRYID,   L"Sent Items" },
        { PR_IPM_WASTEBASKET_ENTRYID, L"Deleted Items" },
    };

    for (ULONG i = 0; i < _countof(rgFolders); i++)
    {
        CFolderStats stats(pApi, lpMDB);
        wprintf(L"%s:\n", rgFolders[i].pszName);
        if (SUCCEEDED(stats.Load(rgFolders[i].ulTag)))
            stats.Print();
    }   // stats destroyed: its folder is released; the shared CMapiApi lives on
}

static HRESULT Run(CMapiApi* pApi, LPCWSTR pszProfile)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPSPropValue pKey = NULL;
    LPVOID pvKeyCopy = NULL;
    ULONG cbKey = 0;

    CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &lpSession));
    CHK_HR(OpenDefaultStore(lpSession, &lpMDB));

    ReportFolders(pApi, lpMDB);

    // MAPI is still initialized: no CFolderStats owned the API object.
    CHK_HR(HrGetOneProp(lpMDB, PR_RECORD_KEY, &pKey));
    cbKey = pKey->Value.bin.cb;
    CHK_HR(pApi->AllocCopy(cbKey, pKey->Value.bin.lpb, &pvKeyCopy));
    wprintf(L"store record key: %lu bytes, %lu allocation(s)\n", cbKey, pApi->Allocations());

Cleanup:
    MAPIFreeBuffer(pvKeyCopy);
    MAPIFreeBuffer(pKey);
    if (lpMDB)
        lpMDB->Release();
    if (lpSession)
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    CMapiApi* pApi = NULL;

    if (argc != 2)
    {
        wprintf(L"usage: %s profile\n", argv[0]);
        return 2;
    }

    try
    {
        pApi = new CMapiApi();
    }
    catch (HRESULT hr)
    {
        wprintf(L"MAPIInitialize failed: 0x%08lx\n", hr);
        return 1;
    }

    HRESULT hr = Run(pApi, argv[1]);
    if (FAILED(hr))
        wprintf(L"folderstat: 0x%08lx\n", hr);

    delete pApi;            // the only owner: MAPIUninitialize here
    return FAILED(hr) ? 1 : 0;
}
