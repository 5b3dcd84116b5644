/* folders.c - finds folders of a message store. The entry IDs handed out here are MAPI
 * memory: the caller frees them with MAPIFreeBuffer. */
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>
#include "folders.h"

HRESULT GetInboxEntryID(LPMDB lpMDB, ULONG* pcbEID, LPENTRYID* lppEID)
{
    ULONG cb = 0;
    LPENTRYID lpEID = NULL;
    HRESULT hr = lpMDB->lpVtbl->GetReceiveFolder(lpMDB, NULL, 0, &cb, &lpEID, NULL);
    if (FAILED(hr))
        return hr;
    /* A copy the caller owns: the receive folder's buffer is freed here. */
    if (MAPIAllocateBuffer(cb, (void**)lppEID) != S_OK) //~ leaked-mapi-buffer
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    }
    else
    {
        CopyMemory(*lppEID, lpEID, cb);
        *pcbEID = cb;
        hr = S_OK;
    }
    MAPIFreeBuffer(lpEID);
    return hr;
}
