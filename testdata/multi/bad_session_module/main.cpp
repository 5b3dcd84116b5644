// main.cpp - foldercount: prints the number of folders in the private store.
//
// BUGs (both located in session.cpp, where the API calls are):
//  * when CountFolders fails, main releases the session without Logoff;
//  * with -n (dry run) main logs the session off through LogoffSession() and returns
//    without ever releasing it.
#include "session.h"
#include <stdio.h>

static void usage(const wchar_t* prog)
{
    fwprintf(stderr, L"usage: %ls [-n] [profile]\n", prog);
    fwprintf(stderr, L"  -n   only check that the logon works\n");
}

int wmain(int argc, wchar_t** argv)
{
    bool fDryRun = false;
    LPCWSTR pszProfile = NULL;

    for (int i = 1; i < argc; i++) {
        if (wcscmp(argv[i], L"-n") == 0)
            fDryRun = true;
        else if (argv[i][0] == L'-') {
            usage(argv[0]);
            return 2;
        } else
            pszProfile = argv[i];
    }

    if (FAILED(MAPIInitialize(NULL)))
        return 1;

    LPMAPISESSION lpSession = NULL;
    HRESULT hr = OpenSession(pszProfile, &lpSession);
    if (FAILED(hr)) {
        MAPIUninitialize();
        return 1;
    }

    if (fDryRun) {
        wprintf(L"logon OK\n");
        LogoffSession(lpSession);       // BUG: no Release follows
        MAPIUninitialize();
        return 0;
    }

    ULONG cFolders = 0;
    hr = CountFolders(lpSession, &cFolders);
    if (FAILED(hr)) {
        fwprintf(stderr, L"cannot count folders: 0x%08lx\n", (unsigned long)hr);
        lpSession->Release();           // BUG: released without Logoff
        MAPIUninitialize();
        return 1;
    }

    wprintf(L"%lu folder(s)\n", cFolders);
    CloseSession(lpSession);
    MAPIUninitialize();
    return 0;
}
