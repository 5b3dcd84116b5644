/* session.c - logon and default store.
 *
 * OpenSession() leaves g_lpSession (and, when it could be opened, g_lpMDB) set even when
 * it fails half-way: the caller always calls CloseSession(), which copes with either
 * being NULL.
 */
#include "mailtool.h"
#include <stdio.h>
#include <mapiutil.h>

LPMAPISESSION g_lpSession = NULL;
LPMDB         g_lpMDB = NULL;

static SizedSPropTagArray(2, sptStoreCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

HRESULT OpenSession(LPCSTR pszProfile)
{
    HRESULT hr;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    ULONG i;
    ULONG ulFlags = MAPI_EXTENDED | MAPI_NEW_SESSION;

    if (pszProfile == NULL)
        ulFlags |= MAPI_USE_DEFAULT;
    hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, ulFlags, &g_lpSession);
    if (FAILED(hr)) {
        g_lpSession = NULL;
        return hr;
    }

    hr = g_lpSession->lpVtbl->GetMsgStoresTable(g_lpSession, 0, &lpTable);
    if (FAILED(hr))
        return hr;                       /* CloseSession() logs off */
    hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&sptStoreCols, NULL, NULL, 0, &lpRows);
    lpTable->lpVtbl->Release(lpTable);
    if (FAILED(hr))
        return hr;

    hr = MAPI_E_NOT_FOUND;
    for (i = 0; i < lpRows->cRows; i++) {
        LPSPropValue lpCols = lpRows->aRow[i].lpProps;
        if (lpCols[1].ulPropTag == PR_DEFAULT_STORE && lpCols[1].Value.b) {
            hr = IMAPISession_OpenMsgStore(g_lpSession, 0, lpCols[0].Value.bin.cb,
                                           (LPENTRYID)lpCols[0].Value.bin.lpb, NULL,
                                           MDB_NO_DIALOG, &g_lpMDB);
            break;
        }
    }
    FreeProws(lpRows);
    return hr;
}
