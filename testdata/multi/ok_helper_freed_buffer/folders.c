/* folders.c - lookup helpers; each returned buffer is the caller's to free. */
#include <stdio.h>
#include "folders.h"

HRESULT GetSpecialFolderEID(LPMDB lpMDB, ULONG ulTag, LPSPropValue* lppEID)
{
    /* HrGetOneProp writes the out-parameter only on success. */
    return HrGetOneProp((LPMAPIPROP)lpMDB, ulTag, lppEID);
}

HRESULT GetInboxEID(LPMDB lpMDB, ULONG* pcbEID, LPENTRYID* lppEID)
{
    HRESULT hr;
    ULONG cb = 0;
    LPENTRYID lpEID = NULL;

    *pcbEID = 0;
    *lppEID = NULL;
    hr = lpMDB->lpVtbl->GetReceiveFolder(lpMDB, (LPTSTR)"IPM", 0, &cb, &lpEID, NULL);
    if (FAILED(hr))
        return hr;
    if (cb == 0)
    {
        MAPIFreeBuffer(lpEID);
        return MAPI_E_NOT_FOUND;
    }
    *pcbEID = cb;
    *lppEID = lpEID;
    return S_OK;
}

LPSRowSet ListSubfolders(LPMAPIFOLDER lpFolder)
{
    HRESULT hr;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(2, sptaCols) = { 2, { PR_DISPLAY_NAME_A, PR_CONTENT_COUNT } };

    hr = lpFolder->lpVtbl->GetHierarchyTable(lpFolder, 0, &lpTable);
    if (FAILED(hr))
        return NULL;
    hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&sptaCols, NULL, NULL, 0, &lpRows);
    lpTable->lpVtbl->Release(lpTable);
    if (FAILED(hr))
        return NULL;
    return lpRows;
}

/* Maps a named property to its tag. The tag array is freed here; only the tag leaves. */
ULONG GetNamedTag(LPMAPIPROP lpObj, LPGUID lpGuid, LPWSTR pwszName)
{
    MAPINAMEID nameid;
    LPMAPINAMEID lpNameID = &nameid;
    LPSPropTagArray lpTags = NULL;
    ULONG ulTag = PR_NULL;

    nameid.lpguid = lpGuid;
    nameid.ulKind = MNID_STRING;
    nameid.Kind.lpwstrName = pwszName;
    if (FAILED(lpObj->lpVtbl->GetIDsFromNames(lpObj, 1, &lpNameID, 0, &lpTags)))
        return PR_NULL;
    if (lpTags->cValues == 1 && PROP_TYPE(lpTags->aulPropTag[0]) != PT_ERROR)
        ulTag = lpTags->aulPropTag[0];
    MAPIFreeBuffer(lpTags);
    return ulTag;
}
