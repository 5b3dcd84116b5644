// fallbacklogon.cpp - logs on to the default profile; if that profile has no default
// store, falls back to the profile named on the command line. Prints the store's name.
//
// Bugs:
//  * when the default profile has no store, `lpSession = NULL;` forgets the first
//    session: it is never logged off nor released;
//  * PrintFolderCounts clears lpProps between passes without MAPIFreeBuffer.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

HRESULT OpenDefaultStore(IMAPISession* lpSession, IMsgStore** lppMDB);
HRESULT OpenFolderByIndex(IMsgStore* lpMDB, ULONG i, IMAPIFolder** lppFolder);

static HRESULT PrintFolderCounts(IMsgStore* lpMDB, ULONG cFolders)
{
    HRESULT hr = S_OK;
    LPSPropValue lpProps = NULL;
    ULONG cValues = 0;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_DISPLAY_NAME_W, PR_CONTENT_COUNT } };

    for (ULONG i = 0; i < cFolders; i++)
    {
        IMAPIFolder* lpFolder = NULL;
        if (FAILED(OpenFolderByIndex(lpMDB, i, &lpFolder)))
            continue;
        hr = lpFolder->GetProps((LPSPropTagArray)&sptCols, 0, &cValues, &lpProps); //~ leaked-mapi-buffer
        if (SUCCEEDED(hr) && lpProps[1].ulPropTag == PR_CONTENT_COUNT)
            wprintf(L"%ls: %ld\n", lpProps[0].Value.lpszW, lpProps[1].Value.l);
        lpProps = NULL;             // BUG: the buffer is dropped, not freed
        lpFolder->Release();
    }
    return S_OK;
}

static HRESULT Run(LPCWSTR pszFallback)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPSPropValue lpName = NULL;

    CHK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &lpSession)); //~ session-not-released
    hr = OpenDefaultStore(lpSession, &lpMDB);
    if (hr == MAPI_E_NOT_FOUND && pszFallback)
    {
        wprintf(L"default profile has no store, trying %ls\n", pszFallback);
        lpSession = NULL;           // BUG: first session neither logged off nor released
        CHK_HR(MAPILogonEx(0, (LPTSTR)pszFallback, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &lpSession));
        hr = OpenDefaultStore(lpSession, &lpMDB);
    }
    if (FAILED(hr))
        goto Cleanup;

    CHK_HR(HrGetOneProp(lpMDB, PR_DISPLAY_NAME_W, &lpName));
    wprintf(L"store: %ls\n", lpName->Value.lpszW);
    CHK_HR(PrintFolderCounts(lpMDB, 3));

Cleanup:
    MAPIFreeBuffer(lpName);
    if (lpMDB)
        lpMDB->Release();
    if (lpSession)
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    if (argc > 2)
    {
        wprintf(L"usage: %ls [fallback-profile]\n", argv[0]);
        return 2;
    }
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;
    hr = Run(argc == 2 ? argv[1] : NULL);
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
