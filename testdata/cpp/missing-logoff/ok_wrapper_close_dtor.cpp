// fldrcount.cpp - prints how many items the Inbox of a profile holds.
//
// The session lives in a CMapiSession wrapper: Open() logs on (retrying once with the
// logon dialog when the silent logon fails), Close() logs off and releases, and the
// destructor calls Close() so every early return in CountInbox() still logs off. The
// wrapper is a local of CountInbox(), so it is destroyed before main() uninitializes MAPI.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

class CMapiSession
{
public:
    CMapiSession() : m_lpSession(NULL) {}
    ~CMapiSession() { Close(); }

    HRESULT Open(LPCWSTR pszProfile, bool fAllowUI)
    {
        ULONG ulFlags = MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION;
        if (!pszProfile)
            ulFlags |= MAPI_USE_DEFAULT;

        Close();
        HRESULT hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, ulFlags, &m_lpSession);
        if (hr == MAPI_E_LOGON_FAILED && fAllowUI)
        {
            // The silent attempt acquired nothing; ask the user this time.
            hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, ulFlags | MAPI_LOGON_UI, &m_lpSession);
        }
        if (FAILED(hr))
            m_lpSession = NULL;
        return hr;
    }

    void Close()
    {
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
            m_lpSession = NULL;
        }
    }

    LPMAPISESSION Get() const { return m_lpSession; }

private:
    CMapiSession(const CMapiSession&);
    CMapiSession& operator=(const CMapiSession&);

    LPMAPISESSION m_lpSession;
};

static HRESULT OpenDefaultStore(LPMAPISESSION lpSession, LPMDB* lppMDB)
{
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    HRESULT hr = lpSession->GetMsgStoresTable(0, &lpTable);
    if (FAILED(hr))
        return hr;
    hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows);
    lpTable->Release();
    if (FAILED(hr))
        return hr;

    hr = MAPI_E_NOT_FOUND;
    for (ULONG i = 0; i < lpRows->cRows; i++)
    {
        LPSPropValue lpCols = lpRows->aRow[i].lpProps;
        if (lpCols[1].ulPropTag == PR_DEFAULT_STORE && lpCols[1].Value.b)
        {
            hr = lpSession->OpenMsgStore(0, lpCols[0].Value.bin.cb, (LPENTRYID)lpCols[0].Value.bin.lpb,
                                         NULL, MDB_NO_DIALOG | MAPI_BEST_ACCESS, lppMDB);
            break;
        }
    }
    FreeProws(lpRows);
    return hr;
}

static HRESULT CountInbox(LPCWSTR pszProfile, bool fAllowUI, ULONG* pcItems)
{
    CMapiSession session;
    LPMDB lpMDB = NULL;
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;
    ULONG ulType = 0;
    LPMAPIFOLDER lpInbox = NULL;
    LPSPropValue lpCount = NULL;

    HRESULT hr = session.Open(pszProfile, fAllowUI);
    if (FAILED(hr))
        return hr;                       // nothing held; ~CMapiSession sees NULL

    hr = OpenDefaultStore(session.Get(), &lpMDB);
    if (FAILED(hr))
        return hr;                       // ~CMapiSession logs off and releases

    hr = lpMDB->GetReceiveFolder((LPTSTR)"IPM.Note", 0, &cbEID, &lpEID, NULL);
    if (SUCCEEDED(hr))
    {
        hr = lpMDB->OpenEntry(cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpInbox);
        MAPIFreeBuffer(lpEID);
    }
    if (SUCCEEDED(hr))
    {
        hr = HrGetOneProp(lpInbox, PR_CONTENT_COUNT, &lpCount);
        if (SUCCEEDED(hr))
        {
            *pcItems = lpCount->Value.l;
            MAPIFreeBuffer(lpCount);
        }
        lpInbox->Release();
    }
    lpMDB->Release();

    // Log off explicitly here so a logoff error would be seen before we report; the
    // destructor then finds m_lpSession == NULL and does nothing.
    session.Close();
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    bool fUI = false;
    LPCWSTR pszProfile = NULL;

    for (int i = 1; i < argc; i++)
    {
        if (wcscmp(argv[i], L"-i") == 0)
            fUI = true;
        else if (argv[i][0] == L'-')
        {
            fwprintf(stderr, L"usage: %ls [-i] [profile]\n", argv[0]);
            return 2;
        }
        else
            pszProfile = argv[i];
    }

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
    {
        fwprintf(stderr, L"MAPIInitialize: 0x%08lx\n", (unsigned long)hr);
        return 1;
    }

    ULONG cItems = 0;
    hr = CountInbox(pszProfile, fUI, &cItems);
    if (SUCCEEDED(hr))
        wprintf(L"%lu item(s) in the Inbox\n", cItems);
    else
        fwprintf(stderr, L"fldrcount: 0x%08lx\n", (unsigned long)hr);

    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
