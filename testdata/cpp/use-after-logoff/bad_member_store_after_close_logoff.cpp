// A mailbox client class of a backup agent: Open() logs on and opens the default store into
// members; Close() logs off first and then flushes and releases the store, which by then is
// an object of a logged-off session.
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>
#include <edkmdb.h>

class CMailboxClient
{
public:
    ~CMailboxClient() { Close(); }
    HRESULT Open(LPCTSTR pszProfile);
    HRESULT BackupInbox(LPCWSTR pszTarget);
    void Close();

private:
    HRESULT OpenDefaultStore();

    LPMAPISESSION m_lpSession = nullptr;
    LPMDB m_lpMDB = nullptr;
};

HRESULT CMailboxClient::Open(LPCTSTR pszProfile)
{
    HRESULT hr = MAPILogonEx(0, const_cast<LPTSTR>(pszProfile), nullptr,
                             MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE, &m_lpSession);
    if (FAILED(hr))
        return hr;
    return OpenDefaultStore();
}

HRESULT CMailboxClient::OpenDefaultStore()
{
    LPMAPITABLE lpTable = nullptr;
    LPSRowSet lpRows = nullptr;
    SizedSPropTagArray(2, cols) = {2, {PR_ENTRYID, PR_DEFAULT_STORE}};
    HRESULT hr = m_lpSession->GetMsgStoresTable(0, &lpTable);
    if (FAILED(hr))
        return hr;
    hr = HrQueryAllRows(lpTable, reinterpret_cast<LPSPropTagArray>(&cols), nullptr, nullptr, 0, &lpRows);
    lpTable->Release();
    if (FAILED(hr))
        return hr;
    hr = MAPI_E_NOT_FOUND;
    for (ULONG i = 0; i < lpRows->cRows; i++)
    {
        const SPropValue* p = lpRows->aRow[i].lpProps;
        if (p[1].ulPropTag == PR_DEFAULT_STORE && p[1].Value.b)
        {
            hr = m_lpSession->OpenMsgStore(0, p[0].Value.bin.cb, reinterpret_cast<LPENTRYID>(p[0].Value.bin.lpb), //~ open-object-at-logoff
                                           nullptr, MDB_WRITE | MDB_NO_DIALOG, &m_lpMDB);
            break;
        }
    }
    FreeProws(lpRows);
    return hr;
}

HRESULT CMailboxClient::BackupInbox(LPCWSTR pszTarget)
{
    if (!m_lpMDB)
        return MAPI_E_NOT_INITIALIZED;
    ULONG cbEID = 0;
    LPENTRYID lpEID = nullptr;
    HRESULT hr = m_lpMDB->GetReceiveFolder(nullptr, 0, &cbEID, &lpEID, nullptr);
    if (FAILED(hr))
        return hr;
    // (the copy to pszTarget is elided)
    MAPIFreeBuffer(lpEID);
    return S_OK;
}

void CMailboxClient::Close()
{
    if (m_lpSession)
    {
        m_lpSession->Logoff(0, 0, 0);
    }
    if (m_lpMDB)
    {
        m_lpMDB->SaveChanges(KEEP_OPEN_READWRITE); //~ use-after-logoff
        m_lpMDB->Release();
        m_lpMDB = nullptr;
    }
    if (m_lpSession)
    {
        m_lpSession->Release();
        m_lpSession = nullptr;
    }
}

int wmain(int argc, wchar_t** argv)
{
    if (argc < 3 || FAILED(MAPIInitialize(nullptr)))
        return 1;
    HRESULT hr;
    {
        CMailboxClient client;
        hr = client.Open(reinterpret_cast<LPCTSTR>(argv[1]));
        if (SUCCEEDED(hr))
            hr = client.BackupInbox(argv[2]);
        client.Close();
    }
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
