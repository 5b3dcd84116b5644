// profcheck.cpp - checks that a profile can log on and open its default store, then logs
// off. The Logoff is in a helper (CloseProfileSession) that reports a failed Logoff; the
// caller keeps its reference and releases it after the helper returns. Correct: the
// session is logged off on every path before it is released.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

// Logs the session off and says how it went; the session stays the caller's.
static void CloseProfileSession(LPMAPISESSION lpSession, LPCSTR szProfile)
{
    if (FAILED(lpSession->Logoff(0, 0, 0)))
        fprintf(stderr, "%s: Logoff failed\n", szProfile);
}

static HRESULT OpenDefaultStore(LPMAPISESSION lpSession, LPMDB* lppMDB)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(2, cols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };
    *lppMDB = NULL;
    CHK(lpSession->GetMsgStoresTable(0, &lpTable));
    CHK(HrQueryAllRows(lpTable, (LPSPropTagArray)&cols, NULL, NULL, 0, &lpRows));
    for (ULONG i = 0; i < lpRows->cRows; i++)
    {
        if (lpRows->aRow[i].lpProps[1].Value.b)
        {
            CHK(lpSession->OpenMsgStore(0, lpRows->aRow[i].lpProps[0].Value.bin.cb,
                                        (LPENTRYID)lpRows->aRow[i].lpProps[0].Value.bin.lpb,
                                        NULL, MDB_NO_DIALOG, lppMDB));
            break;
        }
    }
Cleanup:
    if (lpRows)
        FreeProws(lpRows);
    if (lpTable)
        lpTable->Release();
    return hr;
}

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        fprintf(stderr, "usage: profcheck <profile>\n");
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)argv[1], NULL,
                             MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE, &lpSession);
    if (SUCCEEDED(hr))
    {
        LPMDB lpMDB = NULL;
        hr = OpenDefaultStore(lpSession, &lpMDB);
        if (lpMDB)
            lpMDB->Release();
        CloseProfileSession(lpSession, argv[1]);
        lpSession->Release();
        lpSession = NULL;
    }
    printf("%s: %s\n", argv[1], SUCCEEDED(hr) ? "OK" : "failed");
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
