/*
 * mbxwalk.c - dump the folder tree of the default store for a backup manifest.
 *
 * Plain C; every function uses a single "goto err" exit and UlRelease.
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>
#include <mapidefs.h>

#define CHECK(expr) do { hr = (expr); if (FAILED(hr)) { \
    fprintf(stderr, "%s failed: 0x%08lx\n", #expr, hr); goto err; } } while (0)

enum { COL_EID, COL_NAME, COL_SUBFOLDERS, NUM_COLS };
static SizedSPropTagArray(NUM_COLS, sptCols) = { NUM_COLS,
    { PR_ENTRYID, PR_DISPLAY_NAME_A, PR_SUBFOLDERS } };

static HRESULT WalkFolder(LPMDB lpMDB, ULONG cbEid, LPENTRYID lpEid, int depth)
{
    HRESULT hr = S_OK;
    LPMAPIFOLDER lpFolder = NULL;
    LPMAPITABLE lpHier = NULL;
    LPSRowSet lpRows = NULL;
    ULONG ulType = 0;
    ULONG i;

    CHECK(lpMDB->lpVtbl->OpenEntry(lpMDB, cbEid, lpEid, NULL, MAPI_BEST_ACCESS,
                                   &ulType, (LPUNKNOWN *)&lpFolder));
    CHECK(lpFolder->lpVtbl->GetHierarchyTable(lpFolder, 0, &lpHier));
    CHECK(lpHier->lpVtbl->SetColumns(lpHier, (LPSPropTagArray)&sptCols, 0));

    for (;;) {
        CHECK(lpHier->lpVtbl->QueryRows(lpHier, 50, 0, &lpRows));
        if (lpRows->cRows == 0)
            break;
        for (i = 0; i < lpRows->cRows; i++) {
            LPSPropValue p = lpRows->aRow[i].lpProps;
            printf("%*s%s\n", depth * 2, "",
                   PROP_TYPE(p[COL_NAME].ulPropTag) == PT_ERROR ? "?" : p[COL_NAME].Value.lpszA);
            if (p[COL_SUBFOLDERS].Value.b)
                WalkFolder(lpMDB, p[COL_EID].Value.bin.cb,
                           (LPENTRYID)p[COL_EID].Value.bin.lpb, depth + 1);
        }
        FreeProws(lpRows);
        lpRows = NULL;
    }

err:
    if (lpRows)
        FreeProws(lpRows);
    UlRelease(lpHier);
    UlRelease(lpFolder);
    return hr;
}

static HRESULT WalkStore(LPMDB lpMDB)
{
    HRESULT hr = S_OK;
    LPSPropValue lpRoot = NULL;

    /* The IPM subtree is the root of what users see. */
    CHECK(HrGetOneProp((LPMAPIPROP)lpMDB, PR_IPM_SUBTREE_ENTRYID, &lpRoot)); //~ leaked-mapi-buffer
    CHECK(WalkFolder(lpMDB, lpRoot->Value.bin.cb, (LPENTRYID)lpRoot->Value.bin.lpb, 0));
    MAPIFreeBuffer(lpRoot);

err:
    /* BUG: on WalkFolder failure the entry ID is left behind */
    return hr;
}

/* Copies the entry ID of the default store into a MAPI buffer the caller frees. */
static HRESULT FindDefaultStore(LPMAPISESSION lpSession, ULONG *lpcb, LPENTRYID *lppEid)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(2, cols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };
    ULONG i;

    *lppEid = NULL;
    CHECK(lpSession->lpVtbl->GetMsgStoresTable(lpSession, 0, &lpTable));
    CHECK(HrQueryAllRows(lpTable, (LPSPropTagArray)&cols, NULL, NULL, 0, &lpRows));
    hr = MAPI_E_NOT_FOUND;
    for (i = 0; i < lpRows->cRows; i++) {
        LPSPropValue p = lpRows->aRow[i].lpProps;
        if (p[1].ulPropTag == PR_DEFAULT_STORE && p[1].Value.b) {
            CHECK(MAPIAllocateBuffer(p[0].Value.bin.cb, (LPVOID *)lppEid));
            memcpy(*lppEid, p[0].Value.bin.lpb, p[0].Value.bin.cb);
            *lpcb = p[0].Value.bin.cb;
            break;
        }
    }

err:
    if (lpRows)
        FreeProws(lpRows);
    UlRelease(lpTable);
    return hr;
}

int main(int argc, char **argv)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPENTRYID lpStoreEid = NULL;
    ULONG cbStoreEid = 0;
    const char *profile = argc > 1 ? argv[1] : NULL;

    CHECK(MAPIInitialize(NULL));

    hr = MAPILogonEx(0, (LPTSTR)profile, NULL,
                     MAPI_EXTENDED | MAPI_NEW_SESSION |
                     (profile ? MAPI_EXPLICIT_PROFILE : MAPI_USE_DEFAULT),
                     &lpSession);
    if (FAILED(hr)) {
        fprintf(stderr, "logon failed: 0x%08lx\n", hr);
        goto uninit;
    }

    hr = FindDefaultStore(lpSession, &cbStoreEid, &lpStoreEid);
    if (FAILED(hr))
        goto logoff;
    hr = lpSession->lpVtbl->OpenMsgStore(lpSession, 0, cbStoreEid, lpStoreEid, NULL,
                                         MDB_NO_DIALOG | MAPI_BEST_ACCESS, &lpMDB);
    MAPIFreeBuffer(lpStoreEid);
    if (FAILED(hr))
        goto logoff;

    hr = WalkStore(lpMDB);
    UlRelease(lpMDB);

logoff:
    lpSession->lpVtbl->Logoff(lpSession, 0, 0, 0); //~ session-not-released
    if (SUCCEEDED(hr))
        UlRelease(lpSession);
    /* BUG: a failed walk leaves the session object referenced */
uninit:
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
err:
    return 2;
}
