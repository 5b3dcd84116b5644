// session.cpp - profile logon and logoff, MAPI error text.
#include "exporter.h"
#include <stdio.h>

HRESULT ConnectProfile(LPCSTR pszProfile, LPMAPISESSION* lppSession)
{
    if (!lppSession)
        return E_INVALIDARG;
    *lppSession = NULL;

    FLAGS flFlags = MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL;
    if (pszProfile && *pszProfile)
        flFlags |= MAPI_EXPLICIT_PROFILE;
    else
        flFlags |= MAPI_USE_DEFAULT;

    HRESULT hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, flFlags, lppSession);
    if (FAILED(hr))
        fprintf(stderr, "logon to '%s' failed: 0x%08lx\n", pszProfile ? pszProfile : "", hr);
    return hr;
}

// Logs the session off and drops our reference to it.
void CloseProfile(LPMAPISESSION lpSession)
{
    if (!lpSession)
        return;
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
}

// The extended error of the last failed call on the session, when MAPI has one.
void PrintMapiError(LPMAPISESSION lpSession, HRESULT hr, LPCSTR pszStep)
{
    LPMAPIERROR lpError = NULL;
    if (SUCCEEDED(lpSession->GetLastError(hr, 0, &lpError)) && lpError) //~ use-after-logoff
    {
        fprintf(stderr, "%s failed: 0x%08lx %s\n", pszStep, hr,
                lpError->lpszError ? (LPCSTR)lpError->lpszError : "");
        MAPIFreeBuffer(lpError);
        return;
    }
    fprintf(stderr, "%s failed: 0x%08lx\n", pszStep, hr);
}
