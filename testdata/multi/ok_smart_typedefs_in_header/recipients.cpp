// recipients.cpp - builds the recipient list for a quota warning and resolves it.
//
// Correct: every MAPI buffer the helpers hand out lands in one of the owning types of
// mapiptr.h (declared there, through typedefs), which free it at the end of their scope on
// every path, early returns included.
#include <stdio.h>
#include "mapiptr.h"

// Hands back a new ADRLIST with one one-off entry per address; the caller owns it.
HRESULT BuildRecipientList(ULONG cAddr, const char* const* rgszAddr, LPADRLIST* lppList)
{
    adrlist_ptr lpList;
    HRESULT hr = MAPIAllocateBuffer(CbNewADRLIST(cAddr), &~lpList);
    if (hr != hrSuccess)
        return hr;
    lpList->cEntries = 0;
    for (ULONG i = 0; i < cAddr; ++i)
    {
        auto& ent = lpList->aEntries[i];
        ent.cValues = 1;
        hr = MAPIAllocateBuffer(sizeof(SPropValue), reinterpret_cast<void**>(&ent.rgPropVals));
        if (hr != hrSuccess)
            return hr;                  // lpList frees the entries made so far
        ent.rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_A;
        ent.rgPropVals[0].Value.lpszA = const_cast<char*>(rgszAddr[i]);
        ++lpList->cEntries;
    }
    *lppList = lpList.release();
    return hrSuccess;
}

// Hands back the store's display name property; the caller owns it.
HRESULT GetStoreName(LPMDB lpStore, LPSPropValue* lppName)
{
    return HrGetOneProp(lpStore, PR_DISPLAY_NAME_A, lppName);
}

HRESULT NotifyQuota(LPMDB lpStore, LPADRBOOK lpAdrBook, ULONG cAddr, const char* const* rgszAddr)
{
    adrlist_ptr lpRecips;
    one_prop_ptr lpName;
    entryid_ptr lpEID;
    table_ptr lpTable;
    ULONG cbEID = 0;

    HRESULT hr = GetStoreName(lpStore, &~lpName);
    if (hr != hrSuccess)
        return hr;
    hr = BuildRecipientList(cAddr, rgszAddr, &~lpRecips);
    if (hr != hrSuccess)
        return hr;                      // lpName freed here
    hr = lpAdrBook->ResolveName(0, 0, NULL, lpRecips);
    if (hr != hrSuccess)
    {
        fprintf(stderr, "%s: cannot resolve the recipients: 0x%08x\n", lpName->Value.lpszA, hr);
        return hr;                      // both freed here
    }
    hr = lpStore->GetReceiveFolder(nullptr, 0, &cbEID, &~lpEID, nullptr);
    if (hr != hrSuccess)
        return hr;
    printf("%s: %u recipients, inbox entry id of %u bytes\n", lpName->Value.lpszA,
           lpRecips->cEntries, cbEID);
    return hrSuccess;
}
