// mapifolders: a command-line tool that prints the folder tree of the default store.
// Fatal errors print a message and end the process with exit(); the process end
// releases everything, so those paths are not leaks and the final MAPIUninitialize
// is not a surplus. Only the normal path tears MAPI down in order.
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static BOOL g_fVerbose = FALSE;

// Prints the command line and ends the process: never returns.
static void usage(const wchar_t* prog)
{
    fwprintf(stderr, L"usage: %ls [-p profile] [-v]\n", prog);
    fwprintf(stderr, L"  -p profile   log on to this profile instead of the default one\n");
    fwprintf(stderr, L"  -v           verbose output\n");
    exit(2);
}

// Opens the default store, walks its IPM subtree one level deep and prints the names.
static HRESULT ListFolders(LPMAPISESSION lpSession)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpStores = NULL;
    LPSRowSet lpStoreRows = NULL;
    LPMDB lpMDB = NULL;
    LPSPropValue lpSubtree = NULL;
    LPMAPIFOLDER lpRoot = NULL;
    LPMAPITABLE lpHier = NULL;
    LPSRowSet lpRows = NULL;
    ULONG ulObjType = 0;
    SRestriction sres;
    SPropValue spvDefault;
    SizedSPropTagArray(2, sptStoreCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };
    SizedSPropTagArray(1, sptFolderCols) = { 1, { PR_DISPLAY_NAME_W } };

    CHK_HR(lpSession->GetMsgStoresTable(0, &lpStores));
    spvDefault.ulPropTag = PR_DEFAULT_STORE;
    spvDefault.Value.b = TRUE;
    sres.rt = RES_PROPERTY;
    sres.res.resProperty.relop = RELOP_EQ;
    sres.res.resProperty.ulPropTag = PR_DEFAULT_STORE;
    sres.res.resProperty.lpProp = &spvDefault;
    CHK_HR(HrQueryAllRows(lpStores, (LPSPropTagArray)&sptStoreCols, &sres, NULL, 0, &lpStoreRows));
    if (lpStoreRows->cRows == 0)
    {
        hr = MAPI_E_NOT_FOUND;
        goto Cleanup;
    }
    CHK_HR(lpSession->OpenMsgStore(0,
        lpStoreRows->aRow[0].lpProps[0].Value.bin.cb,
        (LPENTRYID)lpStoreRows->aRow[0].lpProps[0].Value.bin.lpb,
        NULL, MDB_NO_DIALOG | MAPI_BEST_ACCESS, &lpMDB));

    CHK_HR(HrGetOneProp(lpMDB, PR_IPM_SUBTREE_ENTRYID, &lpSubtree));
    CHK_HR(lpMDB->OpenEntry(lpSubtree->Value.bin.cb, (LPENTRYID)lpSubtree->Value.bin.lpb,
        NULL, MAPI_BEST_ACCESS, &ulObjType, (LPUNKNOWN*)&lpRoot));
    CHK_HR(lpRoot->GetHierarchyTable(MAPI_UNICODE, &lpHier));
    CHK_HR(lpHier->SetColumns((LPSPropTagArray)&sptFolderCols, TBL_BATCH));

    for (;;)
    {
        CHK_HR(lpHier->QueryRows(50, 0, &lpRows));
        if (lpRows->cRows == 0)
            break;
        for (ULONG i = 0; i < lpRows->cRows; i++)
        {
            const SPropValue& name = lpRows->aRow[i].lpProps[0];
            if (PROP_TYPE(name.ulPropTag) == PT_UNICODE)
                wprintf(L"  %ls\n", name.Value.lpszW);
            else if (g_fVerbose)
                wprintf(L"  <no name, error 0x%08lx>\n", name.Value.err);
        }
        FreeProws(lpRows);
        lpRows = NULL;
    }

Cleanup:
    if (lpRows) FreeProws(lpRows);
    if (lpHier) lpHier->Release();
    if (lpRoot) lpRoot->Release();
    MAPIFreeBuffer(lpSubtree);
    if (lpMDB) lpMDB->Release();
    if (lpStoreRows) FreeProws(lpStoreRows);
    if (lpStores) lpStores->Release();
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPWSTR pszProfile = NULL;
    FLAGS flFlags = MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION;

    for (int i = 1; i < argc; i++)
    {
        if (wcscmp(argv[i], L"-p") == 0 && i + 1 < argc)
            pszProfile = argv[++i];
        else if (wcscmp(argv[i], L"-v") == 0)
            g_fVerbose = TRUE;
        else
            usage(argv[0]);
    }
    if (pszProfile == NULL)
        flFlags |= MAPI_USE_DEFAULT;

    // Nothing to undo yet: a failed MAPIInitialize just ends the process.
    if (FAILED(MAPIInitialize(NULL)))
    {
        fwprintf(stderr, L"MAPIInitialize failed\n");
        exit(1);
    }

    hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, flFlags, &lpSession);
    if (FAILED(hr))
    {
        fwprintf(stderr, L"MAPILogonEx failed: 0x%08lx\n", hr);
        MAPIUninitialize();
        exit(1);   // ListFolders and the Logoff below never run after this uninitialize
    }

    hr = ListFolders(lpSession);
    if (FAILED(hr))
        fwprintf(stderr, L"listing the folders failed: 0x%08lx\n", hr);

    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    MAPIUninitialize();

    if (g_fVerbose)
        wprintf(L"done, status 0x%08lx\n", hr);
    return FAILED(hr) ? 1 : 0;
}
