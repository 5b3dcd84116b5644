/* subtree: prints the size of the IPM subtree entry ID of the default store. The helper hands
 * the property out on success and frees it itself when it is unusable; the caller frees it
 * as soon as it has printed it. */
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

static HRESULT GetSubtreeEntryID(LPMDB lpMDB, LPSPropValue* lppEID)
{
    LPSPropValue lpEID = NULL;
    HRESULT hr;

    *lppEID = NULL;
    hr = HrGetOneProp((LPMAPIPROP)lpMDB, PR_IPM_SUBTREE_ENTRYID, &lpEID);
    if (FAILED(hr))
        return hr;
    if (lpEID->Value.bin.cb == 0)
    {
        /* an empty entry ID is of no use to anybody */
        MAPIFreeBuffer(lpEID);
        return MAPI_E_NOT_FOUND;
    }
    *lppEID = lpEID;
    return S_OK;
}

int main(void)
{
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPSPropValue lpEID = NULL;
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;
    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession);
    if (SUCCEEDED(hr))
    {
        hr = HrOpenExchangePrivateStore(lpSession, &lpMDB);
        if (SUCCEEDED(hr))
        {
            hr = GetSubtreeEntryID(lpMDB, &lpEID);
            if (SUCCEEDED(hr))
            {
                printf("subtree entry id: %lu bytes\n", lpEID->Value.bin.cb);
                MAPIFreeBuffer(lpEID);
            }
            lpMDB->lpVtbl->Release(lpMDB);
        }
        lpSession->lpVtbl->Logoff(lpSession, 0, 0, 0);
        lpSession->lpVtbl->Release(lpSession);
    }
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
