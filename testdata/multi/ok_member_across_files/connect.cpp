// connect.cpp - logon and name resolution.
#include "client.h"
#include <stdio.h>
#include <mapiutil.h>

#define CHK(x)                                                                 \
    do {                                                                       \
        hr = (x);                                                              \
        if (FAILED(hr)) {                                                      \
            fwprintf(stderr, L"%hs: 0x%08lx\n", #x, (unsigned long)hr);        \
            goto Cleanup;                                                      \
        }                                                                      \
    } while (0)

HRESULT CProfileClient::Connect(LPCWSTR pwszProfile)
{
    HRESULT hr = S_OK;
    if (m_lpSession)
        return S_OK;

    CHK(MAPILogonEx(0, (LPTSTR)pwszProfile, NULL,
                    MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession));
    CHK(m_lpSession->OpenAddressBook(0, NULL, AB_NO_DIALOG, &m_lpAdrBook));
    return S_OK;

Cleanup:
    // Leave the object as it was before the call.
    Disconnect();
    return hr;
}

HRESULT CProfileClient::ResolveName(LPCWSTR pwszName)
{
    HRESULT hr = S_OK;
    LPADRLIST lpAdrList = NULL;

    if (!m_lpAdrBook)
        return MAPI_E_NOT_INITIALIZED;

    CHK(MAPIAllocateBuffer(CbNewADRLIST(1), (LPVOID*)&lpAdrList));
    ZeroMemory(lpAdrList, CbNewADRLIST(1));
    lpAdrList->cEntries = 1;
    lpAdrList->aEntries[0].cValues = 1;
    CHK(MAPIAllocateBuffer(sizeof(SPropValue), (LPVOID*)&lpAdrList->aEntries[0].rgPropVals));
    lpAdrList->aEntries[0].rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_W;
    lpAdrList->aEntries[0].rgPropVals[0].Value.lpszW = (LPWSTR)pwszName;

    CHK(m_lpAdrBook->ResolveName(0, MAPI_UNICODE, NULL, lpAdrList));
    m_cResolved++;
    wprintf(L"%ls resolved\n", pwszName);

Cleanup:
    if (lpAdrList)
        FreePadrlist(lpAdrList);
    return hr;
}
