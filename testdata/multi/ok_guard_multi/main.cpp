// trashinfo.cpp - prints the number and total size of the items in Deleted Items.
//
// Usage: trashinfo <profile>
#include <windows.h>
#include <atlbase.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>
#include "session.h"
#include "lookup.h"

static HRESULT Sum(LPMAPITABLE lpTable, ULONG* pcItems, ULONGLONG* pcbTotal)
{
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(1, sptaCols) = { 1, { PR_MESSAGE_SIZE } };
    HRESULT hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&sptaCols, NULL, NULL, 0, &lpRows);
    if (FAILED(hr))
        return hr;
    *pcItems = lpRows->cRows;
    *pcbTotal = 0;
    for (ULONG i = 0; i < lpRows->cRows; i++)
        if (lpRows->aRow[i].lpProps[0].ulPropTag == PR_MESSAGE_SIZE)
            *pcbTotal += (ULONG)lpRows->aRow[i].lpProps[0].Value.l;
    FreeProws(lpRows);
    return S_OK;
}

static HRESULT Report(LPCSTR pszProfile)
{
    CMapiSession session;
    HRESULT hr = session.Logon(pszProfile);
    if (FAILED(hr))
    {
        printf("logon failed: 0x%08lx\n", hr);
        return hr;
    }

    // Both handed out by the helper; raw, so released by hand on every path below.
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpTrash = NULL;
    hr = OpenDeletedItems(session.get(), &lpMDB, &lpTrash);
    if (FAILED(hr))
        return hr;

    // Declared after the session: destroyed before ~CMapiSession logs off.
    CComPtr<IMAPITable> spTable;
    hr = lpTrash->GetContentsTable(0, &spTable);
    if (FAILED(hr))
    {
        lpTrash->Release();
        lpMDB->Release();
        return hr;
    }

    ULONG cItems = 0;
    ULONGLONG cbTotal = 0;
    hr = Sum(spTable, &cItems, &cbTotal);
    lpTrash->Release();
    lpMDB->Release();
    if (FAILED(hr))
        return hr;

    printf("Deleted Items: %lu item(s), %llu bytes\n", cItems, cbTotal);

    CComPtr<IMAPITable> spStores;
    ULONG cStores = 0;
    if (SUCCEEDED(session->GetMsgStoresTable(0, &spStores)) && SUCCEEDED(spStores->GetRowCount(0, &cStores)))
        printf("%lu store(s) in the profile\n", cStores);
    return S_OK;
}

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        printf("usage: %s <profile>\n", argv[0]);
        return 2;
    }
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
    {
        printf("MAPIInitialize failed: 0x%08lx\n", hr);
        return 1;
    }
    hr = Report(argv[1]);
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
