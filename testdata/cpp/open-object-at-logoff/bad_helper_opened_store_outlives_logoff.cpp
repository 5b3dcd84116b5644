// storesize.cpp - prints the size of the default message store.
//
// Bug: OpenDefaultStore() opens the store and hands it to main through its out-parameter;
// main logs the session off before it releases the store: open-object-at-logoff at the
// OpenMsgStore inside the helper (SPEC: across functions, the API call itself). The table
// the helper opens is released inside it, and a second session's Logoff (the probe) says
// nothing about main's store.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

static HRESULT OpenDefaultStore(LPMAPISESSION lpSession, LPMDB* lppMDB)
{
    static const SizedSPropTagArray(2, cols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    HRESULT hr = lpSession->GetMsgStoresTable(0, &lpTable);
    if (FAILED(hr))
        return hr;
    hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&cols, NULL, NULL, 0, &lpRows);
    lpTable->Release();
    if (FAILED(hr))
        return hr;
    hr = MAPI_E_NOT_FOUND;
    for (ULONG i = 0; i < lpRows->cRows; i++)
    {
        LPSPropValue p = lpRows->aRow[i].lpProps;
        if (p[1].ulPropTag == PR_DEFAULT_STORE && p[1].Value.b)
        {
            hr = lpSession->OpenMsgStore(0, p[0].Value.bin.cb, (LPENTRYID)p[0].Value.bin.lpb, NULL, MDB_NO_DIALOG, lppMDB); //~ open-object-at-logoff
            break;
        }
    }
    FreeProws(lpRows);
    return hr;
}

// Logs on to another profile and straight off again: its Logoff is not main's.
static bool ProbeProfile(LPCSTR pszProfile)
{
    LPMAPISESSION lpProbe = NULL;
    if (FAILED(MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_EXPLICIT_PROFILE, &lpProbe)))
        return false;
    lpProbe->Logoff(0, 0, 0);
    lpProbe->Release();
    return true;
}

int main(int argc, char** argv)
{
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPSPropValue lpSize = NULL;

    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession);
    if (SUCCEEDED(hr))
    {
        hr = OpenDefaultStore(lpSession, &lpMDB);
        if (argc > 1 && !ProbeProfile(argv[1]))
            printf("profile %s does not log on\n", argv[1]);
        if (SUCCEEDED(hr) && SUCCEEDED(HrGetOneProp(lpMDB, PR_MESSAGE_SIZE, &lpSize)))
        {
            printf("store size: %ld bytes\n", lpSize->Value.l);
            MAPIFreeBuffer(lpSize);
        }
        lpSession->Logoff(0, 0, 0);
        if (lpMDB)
            lpMDB->Release();       // too late: after the Logoff
        lpSession->Release();
    }
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
