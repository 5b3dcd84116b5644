/* store.c - locate and open the default message store. */
#include "mailmon.h"

HRESULT OpenDefaultStore(LPMAPISESSION lpSession, LPMDB *lppStore)
{
    HRESULT hr;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    ULONG i;
    SizedSPropTagArray(2, cols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    *lppStore = NULL;
    hr = lpSession->lpVtbl->GetMsgStoresTable(lpSession, 0, &lpTable);
    if (FAILED(hr))
        goto err;
    hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&cols, NULL, NULL, 0, &lpRows);
    if (FAILED(hr))
        goto err_table;

    hr = MAPI_E_NOT_FOUND;
    for (i = 0; i < lpRows->cRows; i++) {
        LPSPropValue p = lpRows->aRow[i].lpProps;
        if (p[1].ulPropTag != PR_DEFAULT_STORE || !p[1].Value.b)
            continue;
        hr = lpSession->lpVtbl->OpenMsgStore(lpSession, 0, p[0].Value.bin.cb,
                                             (LPENTRYID)p[0].Value.bin.lpb, NULL,
                                             MAPI_BEST_ACCESS | MDB_NO_DIALOG, lppStore);
        break;
    }

    FreeProws(lpRows);
err_table:
    UlRelease(lpTable);
err:
    return hr;
}
