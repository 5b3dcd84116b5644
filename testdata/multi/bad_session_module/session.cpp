// session.cpp - logon helpers.
#include "session.h"
#include <stdio.h>
#include <mapiutil.h>

#define RET_ON_FAIL(x)                                                         \
    do {                                                                       \
        hr = (x);                                                              \
        if (FAILED(hr)) {                                                      \
            fwprintf(stderr, L"%hs: 0x%08lx\n", #x, (unsigned long)hr);        \
            return hr;                                                         \
        }                                                                      \
    } while (0)

HRESULT OpenSession(LPCWSTR pszProfile, LPMAPISESSION* lppSession)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    ULONG ulFlags = MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION;
    if (!pszProfile)
        ulFlags |= MAPI_USE_DEFAULT;

    RET_ON_FAIL(MAPILogonEx(0, (LPTSTR)pszProfile, NULL, ulFlags, &lpSession)); //~ missing-logoff
    *lppSession = lpSession;
    return S_OK;
}

void CloseSession(LPMAPISESSION lpSession)
{
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
}

void LogoffSession(LPMAPISESSION lpSession)
{
    lpSession->Logoff(0, 0, 0); //~ session-not-released
}

HRESULT CountFolders(LPMAPISESSION lpSession, ULONG* pcFolders)
{
    HRESULT hr = S_OK;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpRoot = NULL;
    LPMAPITABLE lpHier = NULL;
    ULONG ulType = 0;

    *pcFolders = 0;
    RET_ON_FAIL(HrOpenExchangePrivateStore(lpSession, &lpMDB));
    hr = lpMDB->OpenEntry(0, NULL, NULL, 0, &ulType, (LPUNKNOWN*)&lpRoot);
    if (SUCCEEDED(hr)) {
        hr = lpRoot->GetHierarchyTable(CONVENIENT_DEPTH, &lpHier);
        if (SUCCEEDED(hr)) {
            hr = lpHier->GetRowCount(0, pcFolders);
            lpHier->Release();
        }
        lpRoot->Release();
    }
    lpMDB->Release();
    return hr;
}
