// storeids.cpp - prints the sizes of the entry IDs of the default store and of its Inbox.
//
// GetStoreIds() hands out two MAPI buffers (GetReceiveFolder entry IDs) through
// out-parameters; the caller owns both.
// BUG: PrintIds frees the store's entry ID but forgets the Inbox's. Each hand-out is
// followed on its own: the finding is at the allocation of the second one, inside the
// helper, with the call in PrintIds as the way there.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static HRESULT GetStoreIds(LPMDB lpMDB, ULONG* pcbStore, LPENTRYID* ppStore, ULONG* pcbInbox,
                           LPENTRYID* ppInbox)
{
    HRESULT hr = S_OK;
    ULONG cbStore = 0;
    LPENTRYID lpStore = NULL;
    LPENTRYID lpInbox = NULL;

    *ppStore = NULL;
    *ppInbox = NULL;
    // The store's own entry ID, and the Inbox's: both allocated by MAPI for the caller.
    hr = lpMDB->GetReceiveFolder((LPTSTR)"IPM", 0, &cbStore, &lpStore, NULL);
    if (FAILED(hr))
        return hr;
    *ppStore = lpStore;
    *pcbStore = cbStore;
    hr = lpMDB->GetReceiveFolder((LPTSTR)"IPM.Note", 0, pcbInbox, &lpInbox, NULL); //~ leaked-mapi-buffer
    if (FAILED(hr))
    {
        MAPIFreeBuffer(lpStore);    // nothing is handed out on failure
        *ppStore = NULL;
        return hr;
    }
    *ppInbox = lpInbox;
    return S_OK;
}

static HRESULT PrintIds(LPMAPISESSION lpSession)
{
    HRESULT hr = S_OK;
    LPMDB lpMDB = NULL;
    LPENTRYID lpStoreEID = NULL;
    LPENTRYID lpInboxEID = NULL;
    ULONG cbStore = 0, cbInbox = 0;

    CHK(HrOpenDefaultStore(lpSession, &lpMDB));
    CHK(GetStoreIds(lpMDB, &cbStore, &lpStoreEID, &cbInbox, &lpInboxEID));
    printf("store entry ID: %lu bytes, Inbox entry ID: %lu bytes\n", cbStore, cbInbox);
    MAPIFreeBuffer(lpStoreEID);

Cleanup:
    if (lpMDB)
        lpMDB->Release();
    return hr;
}

int main()
{
    LPMAPISESSION lpSession = NULL;
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL, &lpSession);
    if (SUCCEEDED(hr))
    {
        hr = PrintIds(lpSession);
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    MAPIUninitialize();
    return FAILED(hr) ? 2 : 0;
}
