// calcount.exe - prints how many items the default Calendar holds.

#include "calclient.h"
#include <stdio.h>

int wmain(int argc, wchar_t** argv)
{
    ULONG cItems = 0;
    int rc = 0;

    if (argc != 2)
    {
        wprintf(L"usage: %s profile\n", argv[0]);
        return 2;
    }

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    CCalendarClient* pClient = new CCalendarClient();
    hr = pClient->Connect(argv[1]);
    if (SUCCEEDED(hr))
        hr = pClient->CountAppointments(&cItems);
    if (SUCCEEDED(hr))
        wprintf(L"%lu calendar item(s)\n", cItems);
    else
    {
        wprintf(L"calcount: 0x%08lx\n", hr);
        rc = 1;
    }
    delete pClient;         // ~CCalendarClient -> Disconnect(): releases, Logoff, Release

    MAPIUninitialize();
    return rc;
}
