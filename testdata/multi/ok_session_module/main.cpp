// main.cpp - mbxtool: prints the name and the size of the default store.
//
// Correct: the session from OpenSession() (session.cpp) reaches CloseSession() on every
// path after a successful logon, including each early return; a failed OpenSession()
// returns with nothing held.
#include "session.h"
#include <stdio.h>
#include <mapiutil.h>

static void usage(const wchar_t* prog)
{
    fwprintf(stderr, L"usage: %ls [-i] [profile]\n", prog);
}

static HRESULT PrintStore(LPMDB lpMDB)
{
    LPSPropValue lpName = NULL;
    LPSPropValue lpSize = NULL;
    HRESULT hr = HrGetOneProp(lpMDB, PR_DISPLAY_NAME_W, &lpName);
    if (FAILED(hr))
        return hr;
    if (SUCCEEDED(HrGetOneProp(lpMDB, PR_MESSAGE_SIZE_EXTENDED, &lpSize))) {
        wprintf(L"%ls: %I64d bytes\n", lpName->Value.lpszW, lpSize->Value.li.QuadPart);
        MAPIFreeBuffer(lpSize);
    } else
        wprintf(L"%ls\n", lpName->Value.lpszW);
    MAPIFreeBuffer(lpName);
    return S_OK;
}

int wmain(int argc, wchar_t** argv)
{
    bool fUI = false;
    LPCWSTR pszProfile = NULL;
    for (int i = 1; i < argc; i++) {
        if (wcscmp(argv[i], L"-i") == 0)
            fUI = true;
        else if (argv[i][0] == L'-') {
            usage(argv[0]);
            return 2;
        } else
            pszProfile = argv[i];
    }

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    LPMAPISESSION lpSession = NULL;
    hr = OpenSession(pszProfile, fUI, &lpSession);
    if (FAILED(hr)) {
        fwprintf(stderr, L"logon failed: 0x%08lx\n", (unsigned long)hr);
        MAPIUninitialize();
        return 1;
    }

    LPMDB lpMDB = NULL;
    hr = OpenDefaultStore(lpSession, &lpMDB);
    if (FAILED(hr)) {
        fwprintf(stderr, L"no default store: 0x%08lx\n", (unsigned long)hr);
        CloseSession(lpSession);
        MAPIUninitialize();
        return 1;
    }

    hr = PrintStore(lpMDB);
    lpMDB->Release();
    CloseSession(lpSession);
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
