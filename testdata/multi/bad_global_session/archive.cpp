// archive.cpp - one archiving pass over the Inbox of the default store.
#include "globals.h"
#include <stdio.h>
#include <mapiutil.h>

HRESULT ArchiveOnce(ULONG* pcMoved)
{
    HRESULT hr = S_OK;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpInbox = NULL;
    LPMAPITABLE lpContents = NULL;
    ULONG cbEID = 0, ulType = 0, cRows = 0;
    LPENTRYID lpEID = NULL;

    *pcMoved = 0;
    hr = HrOpenExchangePrivateStore(g_lpSession, &lpMDB);
    if (FAILED(hr))
        return hr;

    hr = lpMDB->GetReceiveFolder(NULL, 0, &cbEID, &lpEID, NULL);
    if (FAILED(hr))
        goto Cleanup;
    hr = lpMDB->OpenEntry(cbEID, lpEID, NULL, MAPI_BEST_ACCESS, &ulType, (LPUNKNOWN*)&lpInbox);
    if (FAILED(hr))
        goto Cleanup;
    hr = lpInbox->GetContentsTable(0, &lpContents);
    if (FAILED(hr))
        goto Cleanup;
    hr = lpContents->GetRowCount(0, &cRows);
    if (SUCCEEDED(hr))
        *pcMoved = cRows;       // a real pass would move old items here

Cleanup:
    if (lpContents)
        lpContents->Release();
    if (lpInbox)
        lpInbox->Release();
    MAPIFreeBuffer(lpEID);
    lpMDB->Release();
    return hr;
}
