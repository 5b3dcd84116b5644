// profsession.cpp - the session lives as long as the CProfileSession object.
//
// The destructor is the only place the session is given back, and nothing in the class
// logs it off: the session is released without Logoff.

#include "profsession.h"
#include <stdio.h>
#include <mapiutil.h>
#include <strsafe.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

CProfileSession::CProfileSession() : m_lpSession(NULL), m_cStores(0)
{
}

CProfileSession::~CProfileSession()
{
    if (m_lpSession)
    {
        m_lpSession->Release();
        m_lpSession = NULL;
    }
}

HRESULT CProfileSession::Connect(LPCWSTR pszProfile)
{
    if (m_lpSession)
        return S_FALSE;         // already connected
    return MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | MAPI_NO_MAIL, &m_lpSession); //~ missing-logoff
}

HRESULT CProfileSession::ListStores()
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet pRows = NULL;
    static const SizedSPropTagArray(1, sptName) = { 1, { PR_DISPLAY_NAME_W } };

    CHK_HR(m_lpSession->GetMsgStoresTable(0, &lpTable));
    CHK_HR(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptName, NULL, NULL, 0, &pRows));
    m_cStores = pRows->cRows;
    for (ULONG i = 0; i < pRows->cRows; i++)
    {
        LPSPropValue pName = pRows->aRow[i].lpProps;
        wprintf(L"store %lu: %s\n", i, pName->ulPropTag == PR_DISPLAY_NAME_W ? pName->Value.lpszW : L"?");
    }

Cleanup:
    FreeProws(pRows);
    if (lpTable)
        lpTable->Release();
    return hr;
}

HRESULT CProfileSession::GetIdentity(LPWSTR pszName, size_t cchName)
{
    HRESULT hr = S_OK;
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;
    LPMAPIPROP lpUser = NULL;
    LPSPropValue pName = NULL;
    ULONG ulType = 0;

    CHK_HR(m_lpSession->QueryIdentity(&cbEID, &lpEID));
    CHK_HR(m_lpSession->OpenEntry(cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpUser));
    CHK_HR(HrGetOneProp(lpUser, PR_DISPLAY_NAME_W, &pName));
    CHK_HR(StringCchCopyW(pszName, cchName, pName->Value.lpszW));

Cleanup:
    MAPIFreeBuffer(pName);
    if (lpUser)
        lpUser->Release();
    MAPIFreeBuffer(lpEID);
    return hr;
}
