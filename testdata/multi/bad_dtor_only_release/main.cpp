// storelist.exe - lists the message stores of a profile and the identity it logs on as.

#include "profsession.h"
#include <stdio.h>

static void usage(const wchar_t* argv0)
{
    wprintf(L"usage: %s profile\n", argv0);
}

static int Run(LPCWSTR pszProfile)
{
    CProfileSession session;
    WCHAR szName[256] = L"";

    HRESULT hr = session.Connect(pszProfile);
    if (FAILED(hr))
    {
        wprintf(L"cannot log on to %s: 0x%08lx\n", pszProfile, hr);
        return 1;
    }

    if (SUCCEEDED(session.GetIdentity(szName, _countof(szName))))
        wprintf(L"logged on as %s\n", szName);

    hr = session.ListStores();
    if (FAILED(hr))
    {
        wprintf(L"cannot list stores: 0x%08lx\n", hr);
        return 1;
    }
    return 0;
}   // session destroyed here

int wmain(int argc, wchar_t** argv)
{
    if (argc != 2)
    {
        usage(argv[0]);
        return 2;
    }

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
    {
        wprintf(L"MAPIInitialize failed: 0x%08lx\n", hr);
        return 1;
    }

    int rc = Run(argv[1]);

    MAPIUninitialize();
    return rc;
}
