// session.cpp - bring-up and tear-down of MAPI for the resolver.
#include "session.h"
#include <mapiutil.h>
#include <stdio.h>

LPMAPISESSION g_lpSession = NULL;
LPADRBOOK g_lpAdrBook = NULL;

static BOOL g_fMapiInit = FALSE;

HRESULT StartSession(LPCWSTR pwszProfile)
{
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
    {
        fwprintf(stderr, L"MAPIInitialize: 0x%08X\n", hr);
        return hr;
    }
    g_fMapiInit = TRUE;

    FLAGS flags = MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION;
    flags |= pwszProfile ? MAPI_EXPLICIT_PROFILE : MAPI_USE_DEFAULT;
    hr = MAPILogonEx(0, (LPTSTR)pwszProfile, NULL, flags, &g_lpSession);
    if (FAILED(hr))
    {
        fwprintf(stderr, L"MAPILogonEx: 0x%08X\n", hr);
        g_lpSession = NULL;
        MAPIUninitialize();
        g_fMapiInit = FALSE;
        return hr;
    }
    return S_OK;
}

void EndSession()
{
    if (g_lpSession)
    {
        g_lpSession->Logoff(0, 0, 0);
        g_lpSession->Release();
        g_lpSession = NULL;
    }

    // The cached address book goes last, once the session is gone.
    if (g_lpAdrBook)
    {
        g_lpAdrBook->Release();
        g_lpAdrBook = NULL;
    }

    if (g_fMapiInit)
    {
        MAPIUninitialize();
        g_fMapiInit = FALSE;
    }
}
