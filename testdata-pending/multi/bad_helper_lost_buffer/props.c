/* props.c - property helpers. Every buffer returned here belongs to the caller. */
#include <stdio.h>
#include "props.h"

HRESULT GetStringProp(LPMAPIPROP lpObj, ULONG ulTag, LPSPropValue* lppProp)
{
    HRESULT hr;
    LPSPropValue lpProp = NULL;

    *lppProp = NULL;
    hr = HrGetOneProp(lpObj, ulTag, &lpProp); //~ leaked-mapi-buffer
    if (FAILED(hr))
        return hr;
    if (PROP_TYPE(lpProp->ulPropTag) != PT_STRING8)
    {
        MAPIFreeBuffer(lpProp);
        return MAPI_E_INVALID_TYPE;
    }
    *lppProp = lpProp;
    return S_OK;
}

LPENTRYID GetSessionIdentity(LPMAPISESSION lpSession, ULONG* pcbEID)
{
    LPENTRYID lpEID = NULL;
    HRESULT hr = lpSession->lpVtbl->QueryIdentity(lpSession, pcbEID, &lpEID);
    if (FAILED(hr))
    {
        fprintf(stderr, "QueryIdentity failed: 0x%08lx\n", hr);
        return NULL;
    }
    return lpEID;
}

LPSPropTagArray GetAllTags(LPMAPIPROP lpObj)
{
    LPSPropTagArray lpTags = NULL;
    if (FAILED(lpObj->lpVtbl->GetPropList(lpObj, 0, &lpTags))) //~ leaked-mapi-buffer
        return NULL;
    return lpTags;
}
