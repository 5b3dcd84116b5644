/* fldsize.c - prints the size and item count of each top-level folder of the default store.
 * Each GetProps result is freed before the loop goes on, including on the skip paths.
 *
 * Usage: fldsize <profile>
 */
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

enum { iName, iCount, iSize, cFolderProps };

static void PrintFolder(LPMAPIFOLDER lpFolder)
{
    HRESULT hr;
    LPSPropValue lpProps = NULL;
    ULONG cValues = 0;
    SizedSPropTagArray(cFolderProps, sptaProps) = { cFolderProps, { PR_DISPLAY_NAME_A, PR_CONTENT_COUNT, PR_MESSAGE_SIZE } };

    hr = lpFolder->lpVtbl->GetProps(lpFolder, (LPSPropTagArray)&sptaProps, 0, &cValues, &lpProps);
    if (FAILED(hr))
        return;     /* nothing was allocated */
    if (lpProps[iName].ulPropTag != PR_DISPLAY_NAME_A)
    {
        MAPIFreeBuffer(lpProps);
        return;
    }
    printf("%-32s %8ld items %10ld bytes\n", lpProps[iName].Value.lpszA,
        lpProps[iCount].ulPropTag == PR_CONTENT_COUNT ? lpProps[iCount].Value.l : 0L,
        lpProps[iSize].ulPropTag == PR_MESSAGE_SIZE ? lpProps[iSize].Value.l : 0L);
    MAPIFreeBuffer(lpProps);
}

static HRESULT WalkTopFolders(LPMDB lpMDB, LPMAPIFOLDER lpRoot)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    ULONG i;
    SizedSPropTagArray(2, sptaCols) = { 2, { PR_ENTRYID, PR_FOLDER_TYPE } };

    CHK(lpRoot->lpVtbl->GetHierarchyTable(lpRoot, 0, &lpTable));
    CHK(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptaCols, NULL, NULL, 0, &lpRows));
    if (lpRows->cRows == 0)
    {
        printf("no folders\n");
        goto Cleanup;   /* the row set is freed below */
    }
    for (i = 0; i < lpRows->cRows; i++)
    {
        LPMAPIFOLDER lpFolder = NULL;
        LPSPropValue lpCols = lpRows->aRow[i].lpProps;
        ULONG ulType = 0;

        if (lpCols[1].ulPropTag == PR_FOLDER_TYPE && lpCols[1].Value.l == FOLDER_SEARCH)
            continue;
        if (FAILED(lpMDB->lpVtbl->OpenEntry(lpMDB, lpCols[0].Value.bin.cb, (LPENTRYID)lpCols[0].Value.bin.lpb,
                NULL, 0, &ulType, (LPUNKNOWN*)&lpFolder)))
            continue;
        PrintFolder(lpFolder);
        lpFolder->lpVtbl->Release(lpFolder);
    }

Cleanup:
    if (lpRows)
        FreeProws(lpRows);
    if (lpTable)
        lpTable->lpVtbl->Release(lpTable);
    return hr;
}

static HRESULT OpenRoot(LPMDB lpMDB, LPMAPIFOLDER* lppRoot)
{
    HRESULT hr;
    LPSPropValue lpEID = NULL;
    ULONG ulType = 0;

    hr = HrGetOneProp((LPMAPIPROP)lpMDB, PR_IPM_SUBTREE_ENTRYID, &lpEID);
    if (hr != S_OK)
        return hr;
    hr = lpMDB->lpVtbl->OpenEntry(lpMDB, lpEID->Value.bin.cb, (LPENTRYID)lpEID->Value.bin.lpb,
        NULL, 0, &ulType, (LPUNKNOWN*)lppRoot);
    MAPIFreeBuffer(lpEID);
    return hr;
}

int main(int argc, char** argv)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpRoot = NULL;

    if (argc != 2)
    {
        fprintf(stderr, "usage: %s <profile>\n", argv[0]);
        return 2;
    }
    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
    {
        fprintf(stderr, "MAPIInitialize: 0x%08lx\n", hr);
        return 1;
    }
    CHK(MAPILogonEx(0, (LPTSTR)argv[1], NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession));
    CHK(lpSession->lpVtbl->OpenMsgStore(lpSession, 0, 0, NULL, NULL, MDB_NO_DIALOG, &lpMDB));
    CHK(OpenRoot(lpMDB, &lpRoot));
    hr = WalkTopFolders(lpMDB, lpRoot);

Cleanup:
    UlRelease(lpRoot);
    UlRelease(lpMDB);
    if (lpSession)
    {
        IMAPISession_Logoff(lpSession, 0, 0, 0);
        UlRelease(lpSession);
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
