// main.cpp - syncprobe: waits until a freshly created profile can open its stores and
// prints how many there are. Exit code 0 when ready, 1 otherwise.
#include "session.h"
#include <stdio.h>
#include <stdlib.h>

static void usage(const wchar_t* prog)
{
    fwprintf(stderr, L"usage: %ls profile [attempts]\n", prog);
}

static int Run(LPCWSTR pszProfile, int cAttempts)
{
    LPMAPISESSION lpSession = NULL;
    ULONG cStores = 0;

    HRESULT hr = LogonWithRetry(pszProfile, cAttempts, &lpSession);
    if (FAILED(hr))
    {
        fwprintf(stderr, L"%ls: not ready (0x%08lx)\n", pszProfile, (unsigned long)hr);
        return 1;                        // nothing held on failure
    }

    hr = CountStores(lpSession, &cStores);
    EndSession(lpSession);
    if (FAILED(hr))
        return 1;
    wprintf(L"%ls: %lu store(s)\n", pszProfile, cStores);
    return 0;
}

int wmain(int argc, wchar_t** argv)
{
    if (argc < 2 || argc > 3)
    {
        usage(argv[0]);
        return 2;
    }
    int cAttempts = argc == 3 ? _wtoi(argv[2]) : 5;
    if (cAttempts <= 0)
        cAttempts = 1;

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
    {
        fwprintf(stderr, L"MAPIInitialize: 0x%08lx\n", (unsigned long)hr);
        return 1;
    }
    int rc = Run(argv[1], cAttempts);
    MAPIUninitialize();
    return rc;
}
