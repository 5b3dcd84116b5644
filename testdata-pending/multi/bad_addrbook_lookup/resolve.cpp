// resolve.cpp - look a name up in the address book with IAddrBook::ResolveName.
#include "session.h"
#include <mapiutil.h>
#include <mapidefs.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static HRESULT EnsureAddressBook()
{
    HRESULT hr = S_OK;
    if (!g_lpAdrBook)
        hr = g_lpSession->OpenAddressBook(0, NULL, AB_NO_DIALOG, &g_lpAdrBook); //~ open-object-at-logoff
    return hr;
}

static std::wstring FindString(const ADRENTRY& entry, ULONG ulPropTag)
{
    LPSPropValue p = PpropFindProp(entry.rgPropVals, entry.cValues, ulPropTag);
    return p ? std::wstring(p->Value.lpszW) : std::wstring();
}

HRESULT ResolveOne(LPCWSTR pwszName, std::wstring& displayName, std::wstring& smtp)
{
    HRESULT hr = S_OK;
    LPADRLIST lpAdrList = NULL;

    CHK(EnsureAddressBook());

    // One entry, one property: the ambiguous name to resolve.
    CHK(MAPIAllocateBuffer(CbNewADRLIST(1), (LPVOID*)&lpAdrList)); //~ leaked-mapi-buffer
    ZeroMemory(lpAdrList, CbNewADRLIST(1));
    lpAdrList->cEntries = 1;
    CHK(MAPIAllocateBuffer(sizeof(SPropValue), (LPVOID*)&lpAdrList->aEntries[0].rgPropVals));
    lpAdrList->aEntries[0].cValues = 1;
    lpAdrList->aEntries[0].rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_W;
    lpAdrList->aEntries[0].rgPropVals[0].Value.lpszW = const_cast<LPWSTR>(pwszName);

    // MAPI_E_AMBIGUOUS_RECIP / MAPI_E_NOT_FOUND come back as failures.
    CHK(g_lpAdrBook->ResolveName(0, MAPI_UNICODE, NULL, lpAdrList));

    displayName = FindString(lpAdrList->aEntries[0], PR_DISPLAY_NAME_W);
    smtp = FindString(lpAdrList->aEntries[0], PR_SMTP_ADDRESS_W);
    if (smtp.empty())
        smtp = FindString(lpAdrList->aEntries[0], PR_EMAIL_ADDRESS_W);

    FreePadrlist(lpAdrList);
    lpAdrList = NULL;

Cleanup:
    return hr;
}
