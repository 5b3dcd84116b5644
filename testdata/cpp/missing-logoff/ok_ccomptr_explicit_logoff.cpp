// inboxpeek.cpp - shows the receive folder of the default store and the number of
// messages in it.
//
// Correct throughout, in four styles that each look like a release without Logoff:
//  * ShowReceiveFolder: CComPtr<IMAPISession>, every early return after the logon logs
//    off explicitly before the smart pointer releases at scope end;
//  * CountWithOwner: the session is handed to a local CSessionOwner whose destructor does
//    Logoff + Release, so the check-macro returns are fine;
//  * CountWithDeleter: std::unique_ptr with a deleter that logs off and releases;
//  * QuickLogonTest: raw pointer closed by the CloseSession helper on every path.
#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <memory>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_RET(x)                                                             \
    do {                                                                       \
        hr = (x);                                                              \
        if (FAILED(hr)) {                                                      \
            wprintf(L"%hs: 0x%08lx\n", #x, (unsigned long)hr);                 \
            return hr;                                                         \
        }                                                                      \
    } while (0)

HRESULT OpenDefaultStore(IMAPISession* lpSession, IMsgStore** lppMDB);

// Logs off and releases a raw session pointer.
static void CloseSession(LPMAPISESSION lpSession)
{
    if (!lpSession)
        return;
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
}

// Owns a session for the lifetime of a scope.
class CSessionOwner
{
public:
    explicit CSessionOwner(LPMAPISESSION lpSession) : m_lpSession(lpSession) {}
    ~CSessionOwner()
    {
        if (m_lpSession) {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
        }
    }
    LPMAPISESSION Get() const { return m_lpSession; }
private:
    CSessionOwner(const CSessionOwner&);
    CSessionOwner& operator=(const CSessionOwner&);
    LPMAPISESSION m_lpSession;
};

struct SessionCloser
{
    void operator()(IMAPISession* lpSession) const
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
};
typedef std::unique_ptr<IMAPISession, SessionCloser> session_ptr;

static HRESULT ShowReceiveFolder()
{
    HRESULT hr = S_OK;
    CComPtr<IMAPISession> spSession;
    CComPtr<IMsgStore> spStore;
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;
    LPSTR lpszClass = NULL;

    CHK_RET(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &spSession));

    hr = OpenDefaultStore(spSession, &spStore);
    if (FAILED(hr)) {
        spSession->Logoff(0, 0, 0);
        return hr;
    }

    hr = spStore->GetReceiveFolder(NULL, 0, &cbEID, &lpEID, &lpszClass);
    if (FAILED(hr)) {
        spStore.Release();
        spSession->Logoff(0, 0, 0);
        return hr;
    }
    wprintf(L"receive folder entry ID: %lu bytes, class %hs\n", cbEID,
            lpszClass ? lpszClass : "(default)");

    MAPIFreeBuffer(lpszClass);
    MAPIFreeBuffer(lpEID);
    spStore.Release();
    spSession->Logoff(0, 0, 0);
    return S_OK;
}

static HRESULT CountWithOwner(ULONG* pcRows)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;

    CHK_RET(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession));
    CSessionOwner owner(lpSession);

    CComPtr<IMAPITable> spTable;
    CHK_RET(owner.Get()->GetMsgStoresTable(0, &spTable));
    CHK_RET(spTable->GetRowCount(0, pcRows));
    return S_OK;
}

static HRESULT CountWithDeleter(ULONG* pcRows)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpRaw = NULL;

    CHK_RET(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpRaw));
    session_ptr session(lpRaw);

    CComPtr<IMAPITable> spStatus;
    CHK_RET(session->GetStatusTable(0, &spStatus));
    CHK_RET(spStatus->GetRowCount(0, pcRows));
    return S_OK;
}

static bool QuickLogonTest()
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession);
    if (FAILED(hr))
        return false;

    LPADRBOOK lpAdrBook = NULL;
    hr = lpSession->OpenAddressBook(0, NULL, AB_NO_DIALOG, &lpAdrBook);
    if (FAILED(hr)) {
        CloseSession(lpSession);
        return false;
    }
    lpAdrBook->Release();
    CloseSession(lpSession);
    return true;
}

int wmain(int argc, wchar_t** argv)
{
    if (argc > 1) {
        wprintf(L"usage: %ls\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;

    int rc = 0;
    ULONG cStores = 0, cStatus = 0;
    if (!QuickLogonTest())
        rc = 1;
    else {
        if (FAILED(ShowReceiveFolder()))
            rc = 1;
        if (SUCCEEDED(CountWithOwner(&cStores)))
            wprintf(L"%lu store(s)\n", cStores);
        if (SUCCEEDED(CountWithDeleter(&cStatus)))
            wprintf(L"%lu status row(s)\n", cStatus);
    }

    MAPIUninitialize();
    return rc;
}
