// storesync.cpp - copies the list of store names from a "source" profile to the console
// and checks a "backup" profile on the side.
//
// Every Logoff here runs in a guard's destructor or in a helper, and none leaves an object
// of ITS session open:
//  * ShowDefaultStore: everything opened inside the guard's scope is released before the
//    closing brace that destroys the guard;
//  * Finish: CloseAll() receives the store with the session and releases it first;
//  * CompareProfiles: ProbeBackup() logs off its OWN temporary session while we hold a
//    table of ours; the guard of the backup session ends while the source store is open;
//  * StopGlobal() logs off g_lpSession only after its stores table was released.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static const SizedSPropTagArray(2, sptStore) = { 2, { PR_ENTRYID, PR_DISPLAY_NAME_W } };
static LPMAPISESSION g_lpSession = NULL;

class CLogon
{
public:
    CLogon() : m_lpSession(NULL) {}
    ~CLogon()
    {
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
        }
    }
    HRESULT Open(LPCWSTR pszProfile)
    {
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession);
    }
    LPMAPISESSION Get() const { return m_lpSession; }
private:
    LPMAPISESSION m_lpSession;
};

// Opens the first store listed in the session's stores table.
static HRESULT OpenFirstStore(LPMAPISESSION lpSession, LPMDB* lppMDB)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet pRows = NULL;
    CHK_HR(lpSession->GetMsgStoresTable(0, &lpTable));
    CHK_HR(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptStore, NULL, NULL, 1, &pRows));
    if (pRows->cRows == 0)
    {
        hr = MAPI_E_NOT_FOUND;
        goto Cleanup;
    }
    CHK_HR(lpSession->OpenMsgStore(0, pRows->aRow[0].lpProps[0].Value.bin.cb,
                                   (LPENTRYID)pRows->aRow[0].lpProps[0].Value.bin.lpb,
                                   NULL, MDB_NO_DIALOG, lppMDB));
Cleanup:
    FreeProws(pRows);
    if (lpTable)
        lpTable->Release();
    return hr;
}

static HRESULT ShowDefaultStore(LPCWSTR pszProfile)
{
    HRESULT hr = S_OK;
    CLogon logon;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet pRows = NULL;

    CHK_HR(logon.Open(pszProfile));
    CHK_HR(logon.Get()->GetMsgStoresTable(0, &lpTable));
    CHK_HR(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptStore, NULL, NULL, 0, &pRows));
    for (ULONG i = 0; i < pRows->cRows; i++)
        wprintf(L"  %ls\n", pRows->aRow[i].lpProps[1].Value.lpszW);

Cleanup:
    FreeProws(pRows);
    if (lpTable)
        lpTable->Release();
    return hr;
}   // logon's destructor logs off here, nothing of its session is open

// Releases the store, then logs the session off and releases it.
static void CloseAll(LPMAPISESSION lpSession, LPMDB lpMDB)
{
    if (lpMDB)
        lpMDB->Release();
    if (lpSession)
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
}

static HRESULT Finish(LPCWSTR pszProfile)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;

    CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                       MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &lpSession));
    CHK_HR(OpenFirstStore(lpSession, &lpMDB));
    wprintf(L"first store opened\n");
Cleanup:
    CloseAll(lpSession, lpMDB);
    return hr;
}

// Logs on to the backup profile on its own and logs that session off again.
static BOOL ProbeBackup(LPCWSTR pszBackup)
{
    LPMAPISESSION lpTemp = NULL;
    if (FAILED(MAPILogonEx(0, (LPTSTR)pszBackup, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &lpTemp)))
        return FALSE;
    lpTemp->Logoff(0, 0, 0);
    lpTemp->Release();
    return TRUE;
}

static HRESULT CompareProfiles(LPCWSTR pszSource, LPCWSTR pszBackup)
{
    HRESULT hr = S_OK;
    CLogon source;
    LPMDB lpSourceMDB = NULL;
    LPMAPITABLE lpSourceTable = NULL;
    ULONG cSource = 0, cBackup = 0;

    CHK_HR(source.Open(pszSource));
    CHK_HR(source.Get()->GetMsgStoresTable(0, &lpSourceTable));
    if (!ProbeBackup(pszBackup))       // its own session, not ours
        wprintf(L"backup profile unreachable\n");
    CHK_HR(lpSourceTable->GetRowCount(0, &cSource));
    CHK_HR(OpenFirstStore(source.Get(), &lpSourceMDB));
    {
        CLogon backup;
        LPMAPITABLE lpBackupTable = NULL;
        if (SUCCEEDED(backup.Open(pszBackup)) &&
            SUCCEEDED(backup.Get()->GetMsgStoresTable(0, &lpBackupTable)))
        {
            lpBackupTable->GetRowCount(0, &cBackup);
            lpBackupTable->Release();
        }
    }   // backup logs off here; lpSourceMDB belongs to the source session, still open
    wprintf(L"source: %lu stores, backup: %lu stores\n", cSource, cBackup);

Cleanup:
    if (lpSourceMDB)
        lpSourceMDB->Release();
    if (lpSourceTable)
        lpSourceTable->Release();
    return hr;
}

static void StopGlobal()
{
    if (g_lpSession)
    {
        g_lpSession->Logoff(0, 0, 0);
        g_lpSession->Release();
        g_lpSession = NULL;
    }
}

static HRESULT GlobalCount(LPCWSTR pszProfile)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    ULONG cRows = 0;
    CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                       MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &g_lpSession));
    CHK_HR(g_lpSession->GetMsgStoresTable(0, &lpTable));
    CHK_HR(lpTable->GetRowCount(0, &cRows));
    wprintf(L"%lu stores\n", cRows);
Cleanup:
    if (lpTable)
        lpTable->Release();
    StopGlobal();
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    if (argc != 3)
    {
        wprintf(L"usage: %ls source-profile backup-profile\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    HRESULT hr = ShowDefaultStore(argv[1]);
    if (SUCCEEDED(hr))
        hr = Finish(argv[1]);
    if (SUCCEEDED(hr))
        hr = CompareProfiles(argv[1], argv[2]);
    if (SUCCEEDED(hr))
        hr = GlobalCount(argv[1]);
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
