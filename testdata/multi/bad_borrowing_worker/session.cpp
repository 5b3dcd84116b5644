// session.cpp - logon and logoff. StopSession logs the session off and reports the
// result; it does not release the session (the caller's reference).
#include "archive.h"
#include <stdio.h>

HRESULT StartSession(LPCSTR szProfile, LPMAPISESSION* lppSession)
{
    *lppSession = NULL;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)szProfile, NULL,
                             MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE,
                             lppSession);
    if (FAILED(hr))
        printf("logon to %s failed: 0x%08lx\n", szProfile, hr);
    return hr;
}

void StopSession(LPMAPISESSION lpSession)
{
    HRESULT hr = lpSession->Logoff(0, 0, 0); //~ session-not-released
    printf("logged off: 0x%08lx\n", hr);
}
