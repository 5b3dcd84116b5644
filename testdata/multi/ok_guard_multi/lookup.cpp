// lookup.cpp - finds the archive folder; the objects handed out are the caller's.
#include <mapiutil.h>
#include "lookup.h"

HRESULT OpenDeletedItems(LPMAPISESSION lpSession, LPMDB* lppMDB, LPMAPIFOLDER* lppFolder)
{
    LPMDB lpMDB = NULL;
    LPSPropValue lpEID = NULL;
    ULONG ulType = 0;

    HRESULT hr = lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_NO_DIALOG, &lpMDB);
    if (FAILED(hr))
        return hr;
    hr = HrGetOneProp(lpMDB, PR_IPM_WASTEBASKET_ENTRYID, &lpEID);
    if (SUCCEEDED(hr))
    {
        hr = lpMDB->OpenEntry(lpEID->Value.bin.cb, (LPENTRYID)lpEID->Value.bin.lpb, NULL, 0, &ulType, (LPUNKNOWN*)lppFolder);
        MAPIFreeBuffer(lpEID);
    }
    if (FAILED(hr))
    {
        lpMDB->Release();
        return hr;
    }
    *lppMDB = lpMDB;
    return S_OK;
}
