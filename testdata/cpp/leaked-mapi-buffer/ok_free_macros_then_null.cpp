// resolvenames.cpp - resolves each name given on the command line against the address
// book and prints the display name and e-mail address found.
//
// Buffers are freed through the project's macros and helpers and the locals are cleared
// afterwards (or in the macros): MAPI_FREE(p), FreeProws + NULL, FreePadrlist + NULL, and
// ResetRows(&pRows), which frees and clears the caller's pointer.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define MAPI_FREE(p) do { if (p) { MAPIFreeBuffer(p); (p) = NULL; } } while (0)
#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) { wprintf(L"%hs: 0x%08lx\n", #x, hr); goto Cleanup; } } while (0)

static void ResetRows(LPSRowSet* ppRows)
{
    if (*ppRows)
    {
        FreeProws(*ppRows);
        *ppRows = NULL;
    }
}

static HRESULT ResolveOne(LPADRBOOK lpAdrBook, LPCWSTR pszName)
{
    HRESULT hr = S_OK;
    LPADRLIST lpAdrList = NULL;
    LPSPropValue lpProp = NULL;

    CHK_HR(MAPIAllocateBuffer(CbNewADRLIST(1), (LPVOID*)&lpAdrList));
    ZeroMemory(lpAdrList, CbNewADRLIST(1));
    lpAdrList->cEntries = 1;
    CHK_HR(MAPIAllocateBuffer(sizeof(SPropValue), (LPVOID*)&lpProp));
    lpProp->ulPropTag = PR_DISPLAY_NAME_W;
    lpProp->Value.lpszW = (LPWSTR)pszName;
    lpAdrList->aEntries[0].cValues = 1;
    lpAdrList->aEntries[0].rgPropVals = lpProp;
    lpProp = NULL;                  // now part of the address list

    CHK_HR(lpAdrBook->ResolveName(0, MAPI_UNICODE, NULL, lpAdrList));
    for (ULONG i = 0; i < lpAdrList->aEntries[0].cValues; i++)
    {
        LPSPropValue lpv = &lpAdrList->aEntries[0].rgPropVals[i];
        if (lpv->ulPropTag == PR_EMAIL_ADDRESS_W)
            wprintf(L"%ls -> %ls\n", pszName, lpv->Value.lpszW);
    }
    FreePadrlist(lpAdrList);
    lpAdrList = NULL;

Cleanup:
    MAPI_FREE(lpProp);
    if (lpAdrList)
        FreePadrlist(lpAdrList);
    return hr;
}

static HRESULT CountContainers(LPADRBOOK lpAdrBook)
{
    HRESULT hr = S_OK;
    LPABCONT lpRoot = NULL;
    LPMAPITABLE lpHier = NULL;
    LPSRowSet pRows = NULL;
    ULONG ulType = 0, cTotal = 0;

    CHK_HR(lpAdrBook->OpenEntry(0, NULL, NULL, 0, &ulType, (LPUNKNOWN*)&lpRoot));
    CHK_HR(lpRoot->GetHierarchyTable(0, &lpHier));
    for (;;)
    {
        CHK_HR(lpHier->QueryRows(16, 0, &pRows));
        if (pRows->cRows == 0)
            break;
        cTotal += pRows->cRows;
        FreeProws(pRows);
        pRows = NULL;
    }
    wprintf(L"%lu address book container(s)\n", cTotal);

Cleanup:
    ResetRows(&pRows);
    if (lpHier)
        lpHier->Release();
    if (lpRoot)
        lpRoot->Release();
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPADRBOOK lpAdrBook = NULL;

    if (argc < 2)
    {
        wprintf(L"usage: %ls name [name...]\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    CHK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &lpSession));
    CHK_HR(lpSession->OpenAddressBook(0, NULL, AB_NO_DIALOG, &lpAdrBook));
    CHK_HR(CountContainers(lpAdrBook));
    for (int i = 1; i < argc; i++)
        ResolveOne(lpAdrBook, argv[i]);

Cleanup:
    if (lpAdrBook)
        lpAdrBook->Release();
    if (lpSession)
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
