/* markread.c - marks every message of a named top-level folder as read.
 * Every object is released in the Cleanup label (or inside the loop) before the session is
 * logged off, and opens that failed leave nothing to release.
 *
 * Usage: markread <profile> <folder>
 */
#include <stdio.h>
#include <string.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) { fprintf(stderr, "%s:%d 0x%08lx\n", __FILE__, __LINE__, hr); goto Cleanup; } } while (0)

/* Looks a child folder up by name in a hierarchy table; *lppFolder is the caller's. */
static HRESULT OpenChild(LPMDB lpMDB, LPMAPIFOLDER lpParent, const char* pszName, LPMAPIFOLDER* lppFolder)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpHier = NULL;
    LPSRowSet lpRows = NULL;
    ULONG i, ulType = 0;
    SizedSPropTagArray(2, sptaCols) = { 2, { PR_ENTRYID, PR_DISPLAY_NAME_A } };

    *lppFolder = NULL;
    CHK(lpParent->lpVtbl->GetHierarchyTable(lpParent, 0, &lpHier));
    CHK(HrQueryAllRows(lpHier, (LPSPropTagArray)&sptaCols, NULL, NULL, 0, &lpRows));
    hr = MAPI_E_NOT_FOUND;
    for (i = 0; i < lpRows->cRows; i++)
    {
        LPSPropValue lpCols = lpRows->aRow[i].lpProps;
        if (lpCols[1].ulPropTag == PR_DISPLAY_NAME_A && _stricmp(lpCols[1].Value.lpszA, pszName) == 0)
        {
            hr = lpMDB->lpVtbl->OpenEntry(lpMDB, lpCols[0].Value.bin.cb, (LPENTRYID)lpCols[0].Value.bin.lpb,
                NULL, MAPI_MODIFY, &ulType, (LPUNKNOWN*)lppFolder);
            break;
        }
    }

Cleanup:
    if (lpRows)
        FreeProws(lpRows);
    UlRelease(lpHier);
    return hr;
}

int main(int argc, char** argv)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpRoot = NULL;
    LPMAPIFOLDER lpFolder = NULL;
    LPMAPITABLE lpContents = NULL;
    LPSRowSet lpRows = NULL;
    LPSPropValue lpRootEID = NULL;
    ULONG ulType = 0, cMarked = 0, i;
    SizedSPropTagArray(1, sptaCols) = { 1, { PR_ENTRYID } };

    if (argc != 3)
    {
        fprintf(stderr, "usage: %s <profile> <folder>\n", argv[0]);
        return 2;
    }
    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    hr = MAPILogonEx(0, (LPTSTR)argv[1], NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &lpSession);
    if (FAILED(hr))
    {
        /* no session: nothing to log off */
        MAPIUninitialize();
        return 1;
    }

    CHK(lpSession->lpVtbl->OpenMsgStore(lpSession, 0, 0, NULL, NULL, MDB_WRITE | MDB_NO_DIALOG, &lpMDB));
    CHK(HrGetOneProp((LPMAPIPROP)lpMDB, PR_IPM_SUBTREE_ENTRYID, &lpRootEID));
    CHK(lpMDB->lpVtbl->OpenEntry(lpMDB, lpRootEID->Value.bin.cb, (LPENTRYID)lpRootEID->Value.bin.lpb,
        NULL, 0, &ulType, (LPUNKNOWN*)&lpRoot));
    CHK(OpenChild(lpMDB, lpRoot, argv[2], &lpFolder));
    CHK(lpFolder->lpVtbl->GetContentsTable(lpFolder, 0, &lpContents));
    CHK(HrQueryAllRows(lpContents, (LPSPropTagArray)&sptaCols, NULL, NULL, 0, &lpRows));

    for (i = 0; i < lpRows->cRows; i++)
    {
        LPMESSAGE lpMsg = NULL;
        const SBinary* lpEID = &lpRows->aRow[i].lpProps[0].Value.bin;
        hr = lpMDB->lpVtbl->OpenEntry(lpMDB, lpEID->cb, (LPENTRYID)lpEID->lpb, &IID_IMessage, MAPI_MODIFY,
            &ulType, (LPUNKNOWN*)&lpMsg);
        if (FAILED(hr))
            continue;
        hr = lpMsg->lpVtbl->SetReadFlag(lpMsg, 0);
        lpMsg->lpVtbl->Release(lpMsg);      /* released before any goto */
        if (FAILED(hr))
            goto Cleanup;
        cMarked++;
    }
    printf("%lu message(s) marked as read\n", cMarked);
    hr = S_OK;

Cleanup:
    if (lpRows)
        FreeProws(lpRows);
    UlRelease(lpContents);
    UlRelease(lpFolder);
    UlRelease(lpRoot);
    MAPIFreeBuffer(lpRootEID);
    UlRelease(lpMDB);
    IMAPISession_Logoff(lpSession, 0, 0, 0);
    UlRelease(lpSession);
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
