// resolve.cpp - resolves a name against the session address book and lists the named
// properties of the entry it resolves to. Every MAPI allocation is freed on every path.
//
// Usage: resolve <profile> <name>
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) { LogError(#x, hr); goto Cleanup; } } while (0)

static LPMAPISESSION g_lpSession = NULL;

static void LogError(const char* pszCall, HRESULT hr)
{
    LPMAPIERROR lpErr = NULL;
    if (g_lpSession && SUCCEEDED(g_lpSession->GetLastError(hr, 0, &lpErr)) && lpErr)
    {
        printf("%s: 0x%08lx %s\n", pszCall, hr, lpErr->lpszError ? (char*)lpErr->lpszError : "");
        MAPIFreeBuffer(lpErr);
        return;
    }
    printf("%s: 0x%08lx\n", pszCall, hr);
}

// Builds a one-entry ADRLIST holding the display name to resolve.
static HRESULT BuildAdrList(LPSTR pszName, LPADRLIST* lppAdrList)
{
    HRESULT hr = S_OK;
    LPADRLIST lpAdrList = NULL;

    *lppAdrList = NULL;
    CHK_HR(MAPIAllocateBuffer(CbNewADRLIST(1), (LPVOID*)&lpAdrList));
    ZeroMemory(lpAdrList, CbNewADRLIST(1));
    lpAdrList->cEntries = 1;
    lpAdrList->aEntries[0].cValues = 1;
    CHK_HR(MAPIAllocateBuffer(sizeof(SPropValue), (LPVOID*)&lpAdrList->aEntries[0].rgPropVals));
    lpAdrList->aEntries[0].rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_A;
    lpAdrList->aEntries[0].rgPropVals[0].Value.lpszA = pszName;
    *lppAdrList = lpAdrList;
    lpAdrList = NULL;

Cleanup:
    if (lpAdrList) FreePadrlist(lpAdrList);
    return hr;
}

static HRESULT ListNamedProps(LPMAPIPROP lpEntry)
{
    HRESULT hr = S_OK;
    LPSPropTagArray lpTags = NULL;
    LPMAPINAMEID* lppNames = NULL;
    ULONG cNames = 0;

    CHK_HR(lpEntry->GetPropList(0, &lpTags));
    // lpTags is passed in, so GetNamesFromIDs does not replace it.
    hr = lpEntry->GetNamesFromIDs(&lpTags, NULL, 0, &cNames, &lppNames);
    if (FAILED(hr))
    {
        LogError("GetNamesFromIDs", hr);
        goto Cleanup;
    }
    for (ULONG i = 0; i < cNames; i++)
    {
        if (lppNames[i] && lppNames[i]->ulKind == MNID_STRING)
            wprintf(L"  0x%08lx %ls\n", lpTags->aulPropTag[i], lppNames[i]->Kind.lpwstrName);
        else if (lppNames[i])
            wprintf(L"  0x%08lx id 0x%04lx\n", lpTags->aulPropTag[i], lppNames[i]->Kind.lID);
    }
    hr = S_OK;

Cleanup:
    MAPIFreeBuffer(lppNames);
    MAPIFreeBuffer(lpTags);
    return hr;
}

static HRESULT Resolve(LPADRBOOK lpAB, LPSTR pszName)
{
    HRESULT hr = S_OK;
    LPADRLIST lpAdrList = NULL;
    LPMAPIPROP lpEntry = NULL;
    LPSPropValue lpEID = NULL;
    ULONG ulType = 0;

    CHK_HR(BuildAdrList(pszName, &lpAdrList));
    CHK_HR(lpAB->ResolveName(0, MAPI_DIALOG, NULL, lpAdrList));
    lpEID = PpropFindProp(lpAdrList->aEntries[0].rgPropVals, lpAdrList->aEntries[0].cValues, PR_ENTRYID);
    if (lpEID == NULL)
    {
        hr = MAPI_E_NOT_FOUND;
        goto Cleanup;
    }
    CHK_HR(lpAB->OpenEntry(lpEID->Value.bin.cb, (LPENTRYID)lpEID->Value.bin.lpb, NULL, 0, &ulType, (LPUNKNOWN*)&lpEntry));
    CHK_HR(ListNamedProps(lpEntry));

Cleanup:
    if (lpEntry) lpEntry->Release();
    if (lpAdrList) FreePadrlist(lpAdrList);
    return hr;
}

static HRESULT ListStores(LPMAPISESSION lpSession)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(1, sptaCols) = { 1, { PR_DISPLAY_NAME_A } };

    CHK_HR(lpSession->GetMsgStoresTable(0, &lpTable));
    CHK_HR(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptaCols, NULL, NULL, 0, &lpRows));
    for (ULONG i = 0; i < lpRows->cRows; i++)
        printf("store: %s\n", lpRows->aRow[i].lpProps[0].Value.lpszA);

Cleanup:
    FreeProws(lpRows);
    if (lpTable) lpTable->Release();
    return hr;
}

static void PrintIdentity(LPMAPISESSION lpSession)
{
    ULONG cb = 0;
    LPENTRYID lpEID = NULL;
    if (FAILED(lpSession->QueryIdentity(&cb, &lpEID)))
        return;
    printf("identity: %lu-byte entry id\n", cb);
    MAPIFreeBuffer(lpEID);
}

int main(int argc, char** argv)
{
    HRESULT hr = S_OK;
    LPADRBOOK lpAB = NULL;

    if (argc != 3)
    {
        printf("usage: %s <profile> <name>\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL))) return 1;
    CHK_HR(MAPILogonEx(0, (LPTSTR)argv[1], NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &g_lpSession));
    PrintIdentity(g_lpSession);
    CHK_HR(ListStores(g_lpSession));
    CHK_HR(g_lpSession->OpenAddressBook(0, NULL, AB_NO_DIALOG, &lpAB));
    hr = Resolve(lpAB, argv[2]);

Cleanup:
    if (lpAB) lpAB->Release();
    if (g_lpSession)
    {
        g_lpSession->Logoff(0, 0, 0);
        g_lpSession->Release();
        g_lpSession = NULL;
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
