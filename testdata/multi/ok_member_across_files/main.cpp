// main.cpp - resolve: resolves each name on the command line against a profile.
//
// Correct: the session lives in CProfileClient; the client is destroyed before
// MAPIUninitialize, and its destructor ends the session (client.cpp).
#include "client.h"
#include <stdio.h>

static int Run(LPCWSTR pwszProfile, int cNames, wchar_t** rgpwszNames)
{
    CProfileClient client;
    HRESULT hr = client.Connect(pwszProfile);
    if (FAILED(hr)) {
        fwprintf(stderr, L"cannot log on to %ls: 0x%08lx\n", pwszProfile, (unsigned long)hr);
        return 1;
    }

    int failures = 0;
    for (int i = 0; i < cNames; i++) {
        if (FAILED(client.ResolveName(rgpwszNames[i])))
            failures++;
    }
    if (failures)
        return 1;           // the destructor disconnects
    client.Disconnect();
    return 0;
}

int wmain(int argc, wchar_t** argv)
{
    if (argc < 3) {
        fwprintf(stderr, L"usage: %ls profile name [name...]\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    int rc = Run(argv[1], argc - 2, argv + 2);
    MAPIUninitialize();
    return rc;
}
