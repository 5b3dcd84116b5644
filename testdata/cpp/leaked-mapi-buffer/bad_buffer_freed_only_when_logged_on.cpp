// mbxlogon.cpp - reads the profile to use from a MAPI-allocated configuration record, logs
// on to it and prints the default store's name.
//
// Bug: the configuration record is freed only inside `if (lpSession)`. When MAPILogonEx
// fails the session pointer stays NULL, the cleanup skips the free and the record allocated
// by LoadConfig() is lost: leaked-mapi-buffer at the MAPIAllocateBuffer in LoadConfig (the
// allocating call), with the LoadConfig() call in main's chain.
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <mapix.h>
#include <mapiutil.h>

struct ProbeConfig
{
    char szProfile[64];
    ULONG ulFlags;
};

static HRESULT LoadConfig(LPCSTR pszProfile, ProbeConfig** ppConfig)
{
    HRESULT hr = MAPIAllocateBuffer(sizeof(ProbeConfig), (LPVOID*)ppConfig); //~ leaked-mapi-buffer
    if (FAILED(hr))
        return hr;
    strncpy((*ppConfig)->szProfile, pszProfile, sizeof((*ppConfig)->szProfile) - 1);
    (*ppConfig)->szProfile[sizeof((*ppConfig)->szProfile) - 1] = '\0';
    (*ppConfig)->ulFlags = MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE;
    return S_OK;
}

int main(int argc, char** argv)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    ProbeConfig* lpConfig = NULL;

    if (argc != 2)
        return 2;
    if (FAILED(MAPIInitialize(NULL)))
        return 1;

    hr = LoadConfig(argv[1], &lpConfig);
    if (FAILED(hr))
        goto Cleanup;

    hr = MAPILogonEx(0, (LPTSTR)lpConfig->szProfile, NULL, lpConfig->ulFlags, &lpSession);
    if (FAILED(hr))
    {
        fprintf(stderr, "logon to %s failed: 0x%08lx\n", lpConfig->szProfile, hr);
        goto Cleanup;
    }
    printf("logged on to %s\n", lpConfig->szProfile);

Cleanup:
    if (lpSession)
    {
        MAPIFreeBuffer(lpConfig);
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
