// namedump.cpp - lists the named properties of the root folder of the default store and
// stamps it with an "inspected" comment.
//
// Bugs:
//  * DumpNamedProps passes lpTags == NULL to GetNamesFromIDs, which then allocates the
//    tag array too; only the name array is freed;
//  * Stamp asks for the SetProps problem array in verbose mode and never frees it.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static const SizedSPropTagArray(1, sptEID) = { 1, { PR_ENTRYID } };

static HRESULT DumpNamedProps(LPMAPIPROP lpObj)
{
    HRESULT hr = S_OK;
    LPSPropTagArray lpTags = NULL;
    LPMAPINAMEID* lppNames = NULL;
    ULONG cNames = 0;

    CHK_HR(lpObj->GetNamesFromIDs(&lpTags, NULL, 0, &cNames, &lppNames)); //~ leaked-mapi-buffer
    for (ULONG i = 0; i < cNames; i++)
    {
        if (!lppNames[i])
            continue;
        if (lppNames[i]->ulKind == MNID_STRING)
            wprintf(L"  0x%08lx  %ls\n", lpTags->aulPropTag[i], lppNames[i]->Kind.lpwstrName);
        else
            wprintf(L"  0x%08lx  id 0x%lx\n", lpTags->aulPropTag[i], lppNames[i]->Kind.lID);
    }

Cleanup:
    MAPIFreeBuffer(lppNames);       // BUG: lpTags was allocated by GetNamesFromIDs as well
    return hr;
}

static HRESULT Stamp(LPMAPIPROP lpObj, BOOL fVerbose)
{
    HRESULT hr = S_OK;
    LPSPropProblemArray lpProblems = NULL;
    SPropValue spv;

    spv.ulPropTag = PR_COMMENT_W;
    spv.Value.lpszW = (LPWSTR)L"inspected";
    CHK_HR(lpObj->SetProps(1, &spv, fVerbose ? &lpProblems : NULL)); //~ leaked-mapi-buffer
    if (lpProblems)
    {
        for (ULONG i = 0; i < lpProblems->cProblem; i++)
            wprintf(L"problem: 0x%08lx 0x%08lx\n", lpProblems->aProblem[i].ulPropTag,
                    lpProblems->aProblem[i].scode);
    }
    CHK_HR(lpObj->SaveChanges(KEEP_OPEN_READWRITE));

Cleanup:
    return hr;                      // BUG: lpProblems is never freed
}

static HRESULT Run(BOOL fVerbose)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMAPITABLE lpStores = NULL;
    LPSRowSet pRows = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpRoot = NULL;
    ULONG ulType = 0;

    CHK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION,
                       &lpSession));
    CHK_HR(lpSession->GetMsgStoresTable(0, &lpStores));
    CHK_HR(HrQueryAllRows(lpStores, (LPSPropTagArray)&sptEID, NULL, NULL, 1, &pRows));
    if (pRows->cRows == 0)
    {
        hr = MAPI_E_NOT_FOUND;
        goto Cleanup;
    }
    CHK_HR(lpSession->OpenMsgStore(0, pRows->aRow[0].lpProps[0].Value.bin.cb,
                                   (LPENTRYID)pRows->aRow[0].lpProps[0].Value.bin.lpb,
                                   NULL, MDB_NO_DIALOG | MDB_WRITE, &lpMDB));
    CHK_HR(lpMDB->OpenEntry(0, NULL, NULL, MAPI_MODIFY, &ulType, (LPUNKNOWN*)&lpRoot));
    CHK_HR(DumpNamedProps(lpRoot));
    CHK_HR(Stamp(lpRoot, fVerbose));

Cleanup:
    if (lpRoot)
        lpRoot->Release();
    if (lpMDB)
        lpMDB->Release();
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

int wmain(int argc, wchar_t** argv)
{
    BOOL fVerbose = argc == 2 && wcscmp(argv[1], L"-v") == 0;
    if (argc > 2)
    {
        wprintf(L"usage: %ls [-v]\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    HRESULT hr = Run(fVerbose);
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
