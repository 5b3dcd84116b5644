// synctask.cpp

#include "synctask.h"
#include <stdio.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

HRESULT CSyncTask::Run(LPCWSTR pszProfile, bool fVerbose)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMAPITABLE lpStores = NULL;
    LPSRowSet pRows = NULL;
    static const SizedSPropTagArray(1, sptEID) = { 1, { PR_ENTRYID } };

    CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &lpSession));
    CHK_HR(lpSession->GetMsgStoresTable(0, &lpStores));
    CHK_HR(HrQueryAllRows(lpStores, (LPSPropTagArray)&sptEID, NULL, NULL, 0, &pRows));
    for (ULONG i = 0; i < pRows->cRows; i++)
    {
        HRESULT hrStore = SyncStore(lpSession, pRows->aRow[i].lpProps[0].Value.bin, fVerbose);
        if (FAILED(hrStore))
            wprintf(L"store %lu skipped: 0x%08lx\n", i, hrStore);
    }

Cleanup:
    FreeProws(pRows);
    if (lpStores)
        lpStores->Release();
    if (lpSession)
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    return hr;
}

HRESULT CSyncTask::SyncStore(LPMAPISESSION lpSession, const SBinary& eid, bool fVerbose)
{
    HRESULT hr = S_OK;
    LPMDB lpMDB = NULL;
    LPSPropValue pProps = NULL;
    ULONG cValues = 0;
    static const SizedSPropTagArray(2, sptProps) = { 2, { PR_DISPLAY_NAME_W, PR_CONTENT_UNREAD } };

    CHK_HR(lpSession->OpenMsgStore(0, eid.cb, (LPENTRYID)eid.lpb, NULL, MDB_NO_DIALOG, &lpMDB));
    CHK_HR(lpMDB->GetProps((LPSPropTagArray)&sptProps, 0, &cValues, &pProps));
    if (pProps[1].ulPropTag == PR_CONTENT_UNREAD)
    {
        for (ULONG n = 0; n < pProps[1].Value.l; n++)
            m_pApi->CountMessage();
        if (fVerbose)
            wprintf(L"%s: %lu unread\n",
                    pProps[0].ulPropTag == PR_DISPLAY_NAME_W ? pProps[0].Value.lpszW : L"?",
                    pProps[1].Value.l);
    }

Cleanup:
    MAPIFreeBuffer(pProps);
    if (lpMDB)
        lpMDB->Release();
    return hr;
}
