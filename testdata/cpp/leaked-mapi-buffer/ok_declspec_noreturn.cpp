// storeinfo: prints the display name, the size and the IPM subtree of every store
// of a profile. Unrecoverable errors end the process through functions that never
// return: MAPI buffers, objects and the session held there are not leaks.
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <exception>
#include <mapix.h>
#include <mapiutil.h>

#define EC_H(x) do { hr = (x); if (FAILED(hr)) LogError(#x, hr, __LINE__); } while (0)

void LogError(const char* expr, HRESULT hr, int line);   // logging only

// Declared in the project's diag header; the body lives in another module.
__declspec(noreturn) void ReportAndQuit(HRESULT hr, LPCWSTR pszWhat);

[[noreturn]] static void OutOfMemory()
{
    FatalAppExitW(0, L"storeinfo: out of memory");
}

[[noreturn]] static void Corrupt(LPCWSTR pszWhat)
{
    fwprintf(stderr, L"storeinfo: corrupt data in %ls\n", pszWhat);
    std::terminate();
}

static void PrintStore(LPMAPISESSION lpSession, const SBinary& eid)
{
    HRESULT hr = S_OK;
    LPMDB lpMDB = NULL;
    LPSPropValue lpProps = NULL;
    LPSPropValue lpSubtree = NULL;
    LPSTR pszHex = NULL;
    ULONG cValues = 0;
    SizedSPropTagArray(2, sptProps) = { 2, { PR_DISPLAY_NAME_W, PR_MESSAGE_SIZE } };

    EC_H(lpSession->OpenMsgStore(0, eid.cb, (LPENTRYID)eid.lpb, NULL, MDB_NO_DIALOG, &lpMDB));
    if (FAILED(hr))
        ReportAndQuit(hr, L"OpenMsgStore");

    EC_H(lpMDB->GetProps((LPSPropTagArray)&sptProps, MAPI_UNICODE, &cValues, &lpProps));
    if (FAILED(hr))
        ReportAndQuit(hr, L"GetProps");
    if (cValues != 2)
        Corrupt(L"GetProps result");       // lpProps and the store are held: the process ends

    EC_H(HrGetOneProp(lpMDB, PR_IPM_SUBTREE_ENTRYID, &lpSubtree));
    if (FAILED(hr))
    {
        if (hr != MAPI_E_NOT_FOUND)
            ReportAndQuit(hr, L"PR_IPM_SUBTREE_ENTRYID");
        lpSubtree = NULL;                  // public folder stores have no IPM subtree
    }

    if (lpSubtree)
    {
        ULONG cb = lpSubtree->Value.bin.cb * 2 + 1;
        if (FAILED(MAPIAllocateBuffer(cb, (LPVOID*)&pszHex)))
            OutOfMemory();
        for (ULONG i = 0; i < lpSubtree->Value.bin.cb; i++)
            sprintf_s(pszHex + 2 * i, 3, "%02X", lpSubtree->Value.bin.lpb[i]);
        if (pszHex[0] == '\0')
            quick_exit(4);                 // three buffers and the store held here
    }

    wprintf(L"%-40ls %10lu  %hs\n",
            PROP_TYPE(lpProps[0].ulPropTag) == PT_UNICODE ? lpProps[0].Value.lpszW : L"?",
            PROP_TYPE(lpProps[1].ulPropTag) == PT_LONG ? lpProps[1].Value.l : 0,
            pszHex ? pszHex : "-");

    MAPIFreeBuffer(pszHex);
    MAPIFreeBuffer(lpSubtree);
    MAPIFreeBuffer(lpProps);
    lpMDB->Release();
}

int wmain(int argc, wchar_t** argv)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(1, sptCols) = { 1, { PR_ENTRYID } };

    if (argc > 2)
    {
        fwprintf(stderr, L"usage: storeinfo [profile]\n");
        return 2;
    }

    EC_H(MAPIInitialize(NULL));
    if (FAILED(hr))
        return 1;

    EC_H(MAPILogonEx(0, argc == 2 ? (LPTSTR)argv[1] : NULL, NULL,
                     MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | (argc == 2 ? 0 : MAPI_USE_DEFAULT),
                     &lpSession));
    if (FAILED(hr))
        ExitProcess(1);                    // still initialized: ExitProcess ends it

    EC_H(lpSession->GetMsgStoresTable(0, &lpTable));
    if (FAILED(hr))
        ReportAndQuit(hr, L"GetMsgStoresTable");
    EC_H(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows));
    if (FAILED(hr))
        ReportAndQuit(hr, L"HrQueryAllRows");

    for (ULONG i = 0; i < lpRows->cRows; i++)
        PrintStore(lpSession, lpRows->aRow[i].lpProps[0].Value.bin);

    FreeProws(lpRows);
    lpTable->Release();
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    MAPIUninitialize();
    return 0;
}
