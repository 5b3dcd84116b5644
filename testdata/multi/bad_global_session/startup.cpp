// startup.cpp - brings MAPI up and logs on to the archive profile.
#include "globals.h"
#include <stdio.h>

LPMAPISESSION g_lpSession = NULL;

HRESULT StartMapi(LPCWSTR pwszProfile)
{
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr)) {
        fwprintf(stderr, L"MAPIInitialize: 0x%08lx\n", (unsigned long)hr);
        return hr;
    }

    hr = MAPILogonEx(0, (LPTSTR)pwszProfile, NULL, //~ missing-logoff
                     MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | MAPI_NO_MAIL,
                     &g_lpSession);
    if (FAILED(hr)) {
        fwprintf(stderr, L"MAPILogonEx(%ls): 0x%08lx\n", pwszProfile, (unsigned long)hr);
        g_lpSession = NULL;
        MAPIUninitialize();
        return hr;
    }
    return S_OK;
}
