// session.cpp - logon with retry.
//
// BUG (LogonWithRetry): when a logon succeeds but the stores are not ready, the attempt's
// session is logged off and the pointer cleared for the next attempt, but it is never
// released.
#include "session.h"
#include <stdio.h>
#include <atlbase.h>
#include <mapiutil.h>

#define LOG_FAILED(what, hr) fwprintf(stderr, L"%hs: 0x%08lx\n", what, (unsigned long)(hr))

HRESULT CountStores(LPMAPISESSION lpSession, ULONG* pcStores)
{
    CComPtr<IMAPITable> spTable;
    HRESULT hr = lpSession->GetMsgStoresTable(0, &spTable);
    if (FAILED(hr))
        return hr;
    return spTable->GetRowCount(0, pcStores);
}

HRESULT LogonWithRetry(LPCWSTR pszProfile, int cAttempts, LPMAPISESSION* lppSession)
{
    HRESULT hr = MAPI_E_LOGON_FAILED;
    LPMAPISESSION lpSession = NULL;
    ULONG cStores = 0;

    *lppSession = NULL;
    for (int i = 0; i < cAttempts; i++)
    {
        if (i > 0)
            Sleep(1000 * i);

        hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                         MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession);
        if (FAILED(hr))
        {
            LOG_FAILED("MAPILogonEx", hr);
            continue;
        }

        hr = CountStores(lpSession, &cStores);
        if (SUCCEEDED(hr) && cStores > 0)
        {
            *lppSession = lpSession;     // the caller owns it now
            return S_OK;
        }

        // Not ready yet: drop this session and log on again.
        LOG_FAILED("CountStores", hr);
        lpSession->Logoff(0, 0, 0); //~ session-not-released
        lpSession = NULL;                // BUG: Release() is missing
        if (SUCCEEDED(hr))
            hr = MAPI_E_NOT_FOUND;
    }
    return hr;
}

void EndSession(LPMAPISESSION lpSession)
{
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
}
