// mbxreport.cpp - prints the display name and size of the default mailbox.
//
// CMailboxReport cleans up correctly in its destructor (store, Logoff, Release). The bugs
// are in the callers: `delete pReport` runs that destructor at the delete line, and a local
// CMailboxReport runs it at the closing brace of its scope; both happen after
// MAPIUninitialize here.

#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CMailboxReport
{
public:
    CMailboxReport() : m_lpSession(NULL), m_lpMDB(NULL) {}
    ~CMailboxReport();

    HRESULT Logon(LPCWSTR pszProfile);
    HRESULT Print();

private:
    LPMAPISESSION m_lpSession;
    LPMDB         m_lpMDB;
};

CMailboxReport::~CMailboxReport()
{
    if (m_lpMDB)
        m_lpMDB->Release();
    if (m_lpSession)
    {
        m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
    }
}

HRESULT CMailboxReport::Logon(LPCWSTR pszProfile)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpStores = NULL;
    LPSRowSet pRows = NULL;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession));
    CHK_HR(m_lpSession->GetMsgStoresTable(0, &lpStores));
    CHK_HR(HrQueryAllRows(lpStores, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &pRows));
    for (ULONG i = 0; i < pRows->cRows; i++)
    {
        LPSPropValue pCols = pRows->aRow[i].lpProps;
        if (pCols[1].ulPropTag == PR_DEFAULT_STORE && pCols[1].Value.b)
        {
            CHK_HR(m_lpSession->OpenMsgStore(0, pCols[0].Value.bin.cb, (LPENTRYID)pCols[0].Value.bin.lpb,
                                             NULL, MDB_NO_DIALOG, &m_lpMDB));
            break;
        }
    }
    if (!m_lpMDB)
        hr = MAPI_E_NOT_FOUND;

Cleanup:
    FreeProws(pRows);
    if (lpStores)
        lpStores->Release();
    return hr;
}

HRESULT CMailboxReport::Print()
{
    HRESULT hr = S_OK;
    LPSPropValue pProps = NULL;
    ULONG cValues = 0;
    static const SizedSPropTagArray(2, sptProps) = { 2, { PR_DISPLAY_NAME_W, PR_MESSAGE_SIZE_EXTENDED } };

    CHK_HR(m_lpMDB->GetProps((LPSPropTagArray)&sptProps, 0, &cValues, &pProps));
    wprintf(L"%s: %I64u bytes\n",
            pProps[0].ulPropTag == PR_DISPLAY_NAME_W ? pProps[0].Value.lpszW : L"(unnamed)",
            pProps[1].ulPropTag == PR_MESSAGE_SIZE_EXTENDED ? pProps[1].Value.li.QuadPart : 0ULL);

Cleanup:
    MAPIFreeBuffer(pProps);
    return hr;
}

// One-shot mode: a local report object.
static int ReportOnce(LPCWSTR pszProfile)
{
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    CMailboxReport report;
    hr = report.Logon(pszProfile);
    if (SUCCEEDED(hr))
        hr = report.Print();

    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
} //~ use-after-mapi-uninitialize

// Batch mode: one heap-allocated report per profile; the last one is kept for the summary.
static int ReportMany(int cProfiles, wchar_t** ppszProfiles)
{
    int nFailed = 0;
    CMailboxReport* pReport = NULL;
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    for (int i = 0; i < cProfiles; i++)
    {
        delete pReport;             // the previous profile's report: cleaned up while MAPI is up
        pReport = new CMailboxReport();
        hr = pReport->Logon(ppszProfiles[i]);
        if (SUCCEEDED(hr))
            hr = pReport->Print();
        if (FAILED(hr))
        {
            wprintf(L"%s: 0x%08lx\n", ppszProfiles[i], hr);
            nFailed++;
        }
    }

    MAPIUninitialize();
    wprintf(L"%d of %d profile(s) failed\n", nFailed, cProfiles);
    delete pReport; //~ use-after-mapi-uninitialize
    return nFailed ? 1 : 0;
}

int wmain(int argc, wchar_t** argv)
{
    if (argc < 2)
    {
        wprintf(L"usage: %s profile [profile...]\n", argv[0]);
        return 2;
    }
    if (argc == 2)
        return ReportOnce(argv[1]);
    return ReportMany(argc - 1, argv + 1);
}
