// folders.cpp - store and folder lookups.
#include <mapiutil.h>
#include "folders.h"

HRESULT OpenInbox(LPMAPISESSION lpSession, LPMDB* lppMDB, LPMAPIFOLDER* lppInbox)
{
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpInbox = NULL;
    LPENTRYID lpEID = NULL;
    ULONG cbEID = 0, ulType = 0;

    *lppMDB = NULL;
    *lppInbox = NULL;
    HRESULT hr = lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_WRITE | MDB_NO_DIALOG, &lpMDB);
    if (FAILED(hr))
        return hr;
    hr = lpMDB->GetReceiveFolder(NULL, 0, &cbEID, &lpEID, NULL);
    if (SUCCEEDED(hr))
    {
        hr = lpMDB->OpenEntry(cbEID, lpEID, NULL, MAPI_MODIFY, &ulType, (LPUNKNOWN*)&lpInbox); //~ open-object-at-logoff
        MAPIFreeBuffer(lpEID);
    }
    if (FAILED(hr))
    {
        lpMDB->Release();
        return hr;
    }
    *lppMDB = lpMDB;
    *lppInbox = lpInbox;
    return S_OK;
}
