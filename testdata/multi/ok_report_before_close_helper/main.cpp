// main.cpp - calexport <profile> <file>
#include "exporter.h"
#include <stdio.h>

int main(int argc, char** argv)
{
    if (argc < 3)
    {
        fprintf(stderr, "usage: calexport <profile> <file>\n");
        return 2;
    }

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
    {
        fprintf(stderr, "MAPIInitialize failed: 0x%08lx\n", hr);
        return 1;
    }

    LPMAPISESSION lpSession = NULL;
    hr = ConnectProfile(argv[1], &lpSession);
    if (FAILED(hr))
    {
        MAPIUninitialize();
        return 1;
    }

    ULONG cItems = 0;
    hr = ExportCalendar(lpSession, argv[2], &cItems);
    // The extended error text needs the session: print it before logging off.
    if (FAILED(hr))
        PrintMapiError(lpSession, hr, "export");
    else
        printf("%lu items exported\n", cItems);
    CloseProfile(lpSession);

    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
