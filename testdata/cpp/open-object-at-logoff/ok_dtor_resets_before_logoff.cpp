// unreadmon.cpp - reports the unread count of the Inbox and of the store's root folder.
//
// The classes keep their MAPI objects in smart-pointer members, which C++ destroys AFTER
// the destructor body. Each destructor therefore empties those members itself before it
// logs the session off:
//  * CUnreadMonitor: m_spInbox.Release(), m_spStore = NULL and m_upRoot.reset()
//    (a unique_ptr with a Release() deleter), then Logoff;
//  * CRootProbe: its destructor calls Close(), which releases, then logs off.
#include <windows.h>
#include <stdio.h>
#include <memory>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

struct MAPIReleaser
{
    void operator()(IUnknown* p) const { if (p) p->Release(); }
};
typedef std::unique_ptr<IMAPIFolder, MAPIReleaser> FolderPtr;

static const SizedSPropTagArray(1, sptEID) = { 1, { PR_ENTRYID } };
static const SizedSPropTagArray(1, sptUnread) = { 1, { PR_CONTENT_UNREAD } };

static ULONG GetUnread(IMAPIFolder* lpFolder)
{
    LPSPropValue lpProps = NULL;
    ULONG cValues = 0, cUnread = 0;
    if (SUCCEEDED(lpFolder->GetProps((LPSPropTagArray)&sptUnread, 0, &cValues, &lpProps)))
    {
        if (lpProps[0].ulPropTag == PR_CONTENT_UNREAD)
            cUnread = lpProps[0].Value.l;
        MAPIFreeBuffer(lpProps);
    }
    return cUnread;
}

class CUnreadMonitor
{
public:
    CUnreadMonitor() : m_lpSession(NULL) {}
    ~CUnreadMonitor()
    {
        m_spInbox.Release();
        m_spStore = NULL;
        m_upRoot.reset();
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
        }
    }
    HRESULT Open(LPCWSTR pszProfile)
    {
        HRESULT hr = S_OK;
        CComPtr<IMAPITable> spStores;
        LPSRowSet pRows = NULL;
        ULONG cbEID = 0, ulType = 0;
        LPENTRYID lpEID = NULL;
        IMAPIFolder* lpRoot = NULL;

        CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession));
        CHK_HR(m_lpSession->GetMsgStoresTable(0, &spStores));
        CHK_HR(HrQueryAllRows(spStores, (LPSPropTagArray)&sptEID, NULL, NULL, 1, &pRows));
        if (pRows->cRows != 1)
        {
            hr = MAPI_E_NOT_FOUND;
            goto Cleanup;
        }
        CHK_HR(m_lpSession->OpenMsgStore(0, pRows->aRow[0].lpProps[0].Value.bin.cb,
                                         (LPENTRYID)pRows->aRow[0].lpProps[0].Value.bin.lpb,
                                         NULL, MDB_NO_DIALOG, &m_spStore));
        CHK_HR(m_spStore->GetReceiveFolder((LPTSTR)"IPM.Note", 0, &cbEID, &lpEID, NULL));
        CHK_HR(m_spStore->OpenEntry(cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&m_spInbox));
        CHK_HR(m_spStore->OpenEntry(0, NULL, NULL, 0, &ulType, (LPUNKNOWN*)&lpRoot));
        m_upRoot.reset(lpRoot);
    Cleanup:
        MAPIFreeBuffer(lpEID);
        FreeProws(pRows);
        return hr;
    }
    void Print()
    {
        if (m_spInbox)
            wprintf(L"Inbox: %lu unread\n", GetUnread(m_spInbox));
        if (m_upRoot)
            wprintf(L"root: %lu unread\n", GetUnread(m_upRoot.get()));
    }
private:
    LPMAPISESSION        m_lpSession;
    CComPtr<IMsgStore>   m_spStore;
    CComPtr<IMAPIFolder> m_spInbox;
    FolderPtr            m_upRoot;
};

class CRootProbe
{
public:
    CRootProbe() {}
    ~CRootProbe() { Close(); }
    HRESULT Open()
    {
        HRESULT hr = S_OK;
        CComPtr<IMAPITable> spStores;
        LPSRowSet pRows = NULL;
        ULONG ulType = 0;

        CHK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION,
                           &m_spSession));
        CHK_HR(m_spSession->GetMsgStoresTable(0, &spStores));
        CHK_HR(HrQueryAllRows(spStores, (LPSPropTagArray)&sptEID, NULL, NULL, 1, &pRows));
        if (pRows->cRows != 1)
        {
            hr = MAPI_E_NOT_FOUND;
            goto Cleanup;
        }
        CHK_HR(m_spSession->OpenMsgStore(0, pRows->aRow[0].lpProps[0].Value.bin.cb,
                                         (LPENTRYID)pRows->aRow[0].lpProps[0].Value.bin.lpb,
                                         NULL, MDB_NO_DIALOG, &m_spStore));
        CHK_HR(m_spStore->OpenEntry(0, NULL, NULL, 0, &ulType, (LPUNKNOWN*)&m_spRoot));
    Cleanup:
        FreeProws(pRows);
        return hr;
    }
    void Close()
    {
        m_spRoot.Release();
        m_spStore.Release();
        if (m_spSession)
        {
            m_spSession->Logoff(0, 0, 0);
            m_spSession.Release();
        }
    }
private:
    CComPtr<IMAPISession> m_spSession;
    CComPtr<IMsgStore>    m_spStore;
    CComPtr<IMAPIFolder>  m_spRoot;
};

int wmain(int argc, wchar_t** argv)
{
    if (argc > 2)
    {
        wprintf(L"usage: %ls [profile]\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    {
        CUnreadMonitor mon;
        if (SUCCEEDED(mon.Open(argc == 2 ? argv[1] : NULL)))
            mon.Print();
        CRootProbe probe;
        if (SUCCEEDED(probe.Open()))
            wprintf(L"root folder reachable\n");
    }
    MAPIUninitialize();
    return 0;
}
