// main.cpp - whois.exe [-p profile] name...
#include "session.h"
#include <stdio.h>
#include <wchar.h>

static void usage()
{
    fwprintf(stderr, L"usage: whois [-p profile] name [name...]\n");
    exit(2);
}

int wmain(int argc, wchar_t** argv)
{
    LPCWSTR pwszProfile = NULL;
    int first = 1;

    if (argc > 2 && wcscmp(argv[1], L"-p") == 0)
    {
        pwszProfile = argv[2];
        first = 3;
    }
    if (first >= argc)
        usage();

    if (FAILED(StartSession(pwszProfile)))
        return 1;

    int failures = 0;
    for (int i = first; i < argc; i++)
    {
        std::wstring name, smtp;
        HRESULT hr = ResolveOne(argv[i], name, smtp);
        if (FAILED(hr))
        {
            wprintf(L"%ls: not resolved (0x%08X)\n", argv[i], hr);
            failures++;
            continue;
        }
        wprintf(L"%ls: %ls <%ls>\n", argv[i], name.c_str(), smtp.c_str());
    }

    EndSession();
    return failures ? 1 : 0;
}
