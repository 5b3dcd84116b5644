/* mkfolder.c - creates a folder under the IPM subtree of the default store.
 *
 * One Cleanup label for everything, with flags that record what actually started:
 *  - fMapiInit is set only after MAPIInitialize succeeded, so a failed initialize jumps
 *    to Cleanup and does not uninitialize;
 *  - the session is logged off early on the success path (to let the store flush before
 *    we print), fLoggedOff records it, and Cleanup then only releases it.
 * Objects opened from the session are released before that early Logoff.
 */
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static void PrintError(const char *pszWhat, HRESULT hr)
{
    fprintf(stderr, "mkfolder: %s: 0x%08lx\n", pszWhat, (unsigned long)hr);
}

static HRESULT OpenSubtree(LPMDB lpMDB, LPMAPIFOLDER *lppRoot)
{
    HRESULT hr;
    LPSPropValue lpEID = NULL;
    ULONG ulType = 0;

    hr = HrGetOneProp((LPMAPIPROP)lpMDB, PR_IPM_SUBTREE_ENTRYID, &lpEID);
    if (FAILED(hr))
        return hr;
    hr = lpMDB->lpVtbl->OpenEntry(lpMDB, lpEID->Value.bin.cb, (LPENTRYID)lpEID->Value.bin.lpb,
                                  NULL, MAPI_MODIFY, &ulType, (LPUNKNOWN *)lppRoot);
    MAPIFreeBuffer(lpEID);
    return hr;
}

int main(int argc, char **argv)
{
    HRESULT hr = S_OK;
    BOOL fMapiInit = FALSE;
    BOOL fLoggedOff = FALSE;
    LPMAPISESSION lpSession = NULL;
    LPMAPITABLE lpStores = NULL;
    LPSRowSet lpRows = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpRoot = NULL;
    LPMAPIFOLDER lpNew = NULL;
    ULONG i;
    static SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    if (argc != 2) {
        fprintf(stderr, "usage: %s folder-name\n", argv[0]);
        return 2;
    }

    hr = MAPIInitialize(NULL);
    if (FAILED(hr)) {
        PrintError("MAPIInitialize", hr);
        goto Cleanup;                    /* fMapiInit still FALSE */
    }
    fMapiInit = TRUE;

    CHK(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &lpSession));
    CHK(IMAPISession_GetMsgStoresTable(lpSession, 0, &lpStores));
    CHK(HrQueryAllRows(lpStores, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows));
    hr = MAPI_E_NOT_FOUND;
    for (i = 0; i < lpRows->cRows; i++) {
        if (lpRows->aRow[i].lpProps[1].Value.b) {
            hr = IMAPISession_OpenMsgStore(lpSession, 0, lpRows->aRow[i].lpProps[0].Value.bin.cb,
                                           (LPENTRYID)lpRows->aRow[i].lpProps[0].Value.bin.lpb,
                                           NULL, MDB_WRITE | MDB_NO_DIALOG, &lpMDB);
            break;
        }
    }
    if (FAILED(hr))
        goto Cleanup;

    CHK(OpenSubtree(lpMDB, &lpRoot));
    CHK(lpRoot->lpVtbl->CreateFolder(lpRoot, FOLDER_GENERIC, (LPTSTR)argv[1], NULL, NULL,
                                     OPEN_IF_EXISTS, &lpNew));

    /* Done with the store: free and release everything it handed out, then log off now. */
    FreeProws(lpRows);
    lpRows = NULL;
    lpNew->lpVtbl->Release(lpNew);
    lpNew = NULL;
    lpRoot->lpVtbl->Release(lpRoot);
    lpRoot = NULL;
    lpMDB->lpVtbl->Release(lpMDB);
    lpMDB = NULL;
    lpStores->lpVtbl->Release(lpStores);
    lpStores = NULL;
    IMAPISession_Logoff(lpSession, 0, 0, 0);
    fLoggedOff = TRUE;
    printf("folder \"%s\" is ready\n", argv[1]);

Cleanup:
    if (FAILED(hr))
        PrintError("create", hr);
    if (lpRows)
        FreeProws(lpRows);
    if (lpNew)
        lpNew->lpVtbl->Release(lpNew);
    if (lpRoot)
        lpRoot->lpVtbl->Release(lpRoot);
    if (lpMDB)
        lpMDB->lpVtbl->Release(lpMDB);
    if (lpStores)
        lpStores->lpVtbl->Release(lpStores);
    if (lpSession) {
        if (!fLoggedOff)
            IMAPISession_Logoff(lpSession, 0, 0, 0);
        lpSession->lpVtbl->Release(lpSession);
    }
    if (fMapiInit)
        MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
