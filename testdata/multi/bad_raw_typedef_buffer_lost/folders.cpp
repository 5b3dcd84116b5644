// folders.cpp - prints the Inbox's name and message count.
//
// Bug: PrintCounts() keeps the properties in a PropArray, which is only a typedef of
// LPSPropValue: nothing frees it on the early return when the count is missing. The leak is
// reported at the allocating GetProps call. PrintName() does the same with props_ptr, which
// owns its buffer, and is correct.
#include <stdio.h>
#include "proptypes.h"

static const SizedSPropTagArray(2, sptCounts) = { 2, { PR_DISPLAY_NAME_A, PR_CONTENT_COUNT } };

HRESULT PrintName(LPMAPIFOLDER lpFolder)
{
    props_ptr lpName;
    HRESULT hr = HrGetOneProp(lpFolder, PR_DISPLAY_NAME_A, &~lpName);
    if (hr != hrSuccess)
        return hr;
    if (lpName->Value.lpszA[0] == '\0')
        return MAPI_E_NOT_FOUND;        // freed by props_ptr
    printf("folder: %s\n", lpName->Value.lpszA);
    return hrSuccess;
}

HRESULT PrintCounts(LPMAPIFOLDER lpFolder)
{
    PropArray lpProps = NULL;
    ULONG cValues = 0;
    HRESULT hr = lpFolder->GetProps((LPSPropTagArray)&sptCounts, 0, &cValues, &lpProps); //~ leaked-mapi-buffer
    if (FAILED(hr))
        return hr;
    if (lpProps[1].ulPropTag != PR_CONTENT_COUNT)
        return MAPI_E_NOT_FOUND;        // lpProps is lost here
    printf("%s: %ld messages\n", lpProps[0].Value.lpszA, lpProps[1].Value.l);
    MAPIFreeBuffer(lpProps);
    return hrSuccess;
}
