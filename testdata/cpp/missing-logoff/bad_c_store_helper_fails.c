/* storeping.c - logs on, opens the default message store through a helper and prints how
 * many folders its IPM subtree has.
 *
 * Bug: when open_default_store() fails, main releases the session without logging it off.
 * The helper only uses the session (`hr = lpSession->lpVtbl->OpenMsgStore(lpSession, ..)`
 * stores a result, it does not keep the session), so main still owns it there:
 * missing-logoff at the MAPILogonEx. The other helpers show correct borrowing and keeping.
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>

static LPMAPISESSION g_lpStatusSession = NULL;     /* kept for the status line */

static HRESULT open_default_store(LPMAPISESSION lpSession, LPMDB *lppMDB)
{
    HRESULT hr;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    ULONG i;
    SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    *lppMDB = NULL;
    hr = lpSession->lpVtbl->GetMsgStoresTable(lpSession, 0, &lpTable);
    if (FAILED(hr))
        return hr;
    hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows);
    lpTable->lpVtbl->Release(lpTable);
    if (FAILED(hr))
        return hr;

    hr = MAPI_E_NOT_FOUND;
    for (i = 0; i < lpRows->cRows; i++) {
        LPSPropValue p = lpRows->aRow[i].lpProps;
        if (PROP_TYPE(p[1].ulPropTag) == PT_BOOLEAN && p[1].Value.b) {
            hr = lpSession->lpVtbl->OpenMsgStore(lpSession, 0, p[0].Value.bin.cb,
                                                 (LPENTRYID)p[0].Value.bin.lpb, NULL,
                                                 MDB_NO_DIALOG, lppMDB);
            break;
        }
    }
    FreeProws(lpRows);
    return hr;
}

static ULONG count_subtree_folders(LPMDB lpMDB)
{
    LPSPropValue lpProp = NULL;
    ULONG cFolders = 0;

    if (SUCCEEDED(HrGetOneProp((LPMAPIPROP)lpMDB, PR_IPM_SUBTREE_ENTRYID, &lpProp))) {
        cFolders = lpProp->Value.bin.cb ? 1 : 0;
        MAPIFreeBuffer(lpProp);
    }
    return cFolders;
}

/* Keeps its own reference for the status line; status_done() logs nothing off. */
static void status_begin(LPMAPISESSION lpSession)
{
    g_lpStatusSession = lpSession;
    g_lpStatusSession->lpVtbl->AddRef(g_lpStatusSession);
}

static void status_done(void)
{
    if (g_lpStatusSession) {
        g_lpStatusSession->lpVtbl->Release(g_lpStatusSession);
        g_lpStatusSession = NULL;
    }
}

int main(int argc, char *argv[])
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    const char *pszProfile = argc > 1 ? argv[1] : NULL;

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, //~ missing-logoff
                     MAPI_EXTENDED | MAPI_NEW_SESSION | (pszProfile ? MAPI_EXPLICIT_PROFILE : MAPI_USE_DEFAULT),
                     &lpSession);
    if (FAILED(hr)) {
        MAPIUninitialize();
        return 1;
    }
    status_begin(lpSession);

    hr = open_default_store(lpSession, &lpMDB);
    if (FAILED(hr)) {
        fprintf(stderr, "storeping: no default store: 0x%08lx\n", (unsigned long)hr);
        status_done();
        lpSession->lpVtbl->Release(lpSession);       /* no Logoff on this path */
        MAPIUninitialize();
        return 1;
    }

    printf("%lu folder(s) under the IPM subtree\n", count_subtree_folders(lpMDB));
    lpMDB->lpVtbl->Release(lpMDB);

    status_done();
    lpSession->lpVtbl->Logoff(lpSession, 0, 0, 0);
    lpSession->lpVtbl->Release(lpSession);
    MAPIUninitialize();
    return 0;
}
