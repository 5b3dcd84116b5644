// draftcount.cpp - counts the messages in the Inbox and in the root folder of the
// default store.
//
// Bugs:
//  * CInboxCounter's destructor empties m_spStore but forgets m_spInbox before the
//    Logoff; that CComPtr member is released after the destructor body, after Logoff;
//  * CRootCounter keeps its session guard as the LAST member, so it is destroyed first:
//    the CComPtr members declared before it are still open when the guard logs off.
#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static const SizedSPropTagArray(2, sptStoreCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

class CLogonGuard
{
public:
    CLogonGuard() : m_lpSession(NULL) {}
    ~CLogonGuard()
    {
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
        }
    }
    HRESULT Logon()
    {
        return MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION,
                           &m_lpSession);
    }
    IMAPISession* operator->() const { return m_lpSession; }
private:
    LPMAPISESSION m_lpSession;
};

class CInboxCounter
{
public:
    ~CInboxCounter()
    {
        m_spStore.Release();
        if (m_spSession)
            m_spSession->Logoff(0, 0, 0);   // BUG: m_spInbox is still open here
    }
    HRESULT Count(ULONG* pcItems)
    {
        HRESULT hr = S_OK;
        CComPtr<IMAPITable> spStores;
        CComPtr<IMAPITable> spContents;
        LPSRowSet pRows = NULL;
        ULONG cbEID = 0, ulType = 0;
        LPENTRYID lpEID = NULL;

        CHK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION,
                           &m_spSession));
        CHK_HR(m_spSession->GetMsgStoresTable(0, &spStores));
        CHK_HR(HrQueryAllRows(spStores, (LPSPropTagArray)&sptStoreCols, NULL, NULL, 1, &pRows));
        if (pRows->cRows == 0)
        {
            hr = MAPI_E_NOT_FOUND;
            goto Cleanup;
        }
        CHK_HR(m_spSession->OpenMsgStore(0, pRows->aRow[0].lpProps[0].Value.bin.cb,
                                         (LPENTRYID)pRows->aRow[0].lpProps[0].Value.bin.lpb,
                                         NULL, MDB_NO_DIALOG, &m_spStore));
        CHK_HR(m_spStore->GetReceiveFolder((LPTSTR)"IPM.Note", 0, &cbEID, &lpEID, NULL));
        CHK_HR(m_spStore->OpenEntry(cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&m_spInbox)); //~ open-object-at-logoff
        CHK_HR(m_spInbox->GetContentsTable(0, &spContents));
        CHK_HR(spContents->GetRowCount(0, pcItems));
    Cleanup:
        MAPIFreeBuffer(lpEID);
        FreeProws(pRows);
        return hr;
    }
private:
    CComPtr<IMAPISession> m_spSession;
    CComPtr<IMsgStore>    m_spStore;
    CComPtr<IMAPIFolder>  m_spInbox;
};

class CRootCounter
{
public:
    HRESULT Count(ULONG* pcItems)
    {
        HRESULT hr = S_OK;
        CComPtr<IMAPITable> spStores;
        LPSRowSet pRows = NULL;
        ULONG ulType = 0;

        CHK_HR(m_logon.Logon());
        CHK_HR(m_logon->GetMsgStoresTable(0, &spStores));
        CHK_HR(HrQueryAllRows(spStores, (LPSPropTagArray)&sptStoreCols, NULL, NULL, 1, &pRows));
        if (pRows->cRows == 0)
        {
            hr = MAPI_E_NOT_FOUND;
            goto Cleanup;
        }
        CHK_HR(m_logon->OpenMsgStore(0, pRows->aRow[0].lpProps[0].Value.bin.cb, //~ open-object-at-logoff
                                     (LPENTRYID)pRows->aRow[0].lpProps[0].Value.bin.lpb,
                                     NULL, MDB_NO_DIALOG, &m_spStore));
        CHK_HR(m_spStore->OpenEntry(0, NULL, NULL, 0, &ulType, (LPUNKNOWN*)&m_spRoot)); //~ open-object-at-logoff
        CHK_HR(m_spRoot->GetHierarchyTable(0, &m_spHierarchy)); //~ open-object-at-logoff
        CHK_HR(m_spHierarchy->GetRowCount(0, pcItems));
    Cleanup:
        FreeProws(pRows);
        return hr;
    }
private:
    CComPtr<IMsgStore>   m_spStore;
    CComPtr<IMAPIFolder> m_spRoot;
    CComPtr<IMAPITable>  m_spHierarchy;
    CLogonGuard          m_logon;       // BUG: declared last, destroyed first
};

int wmain(int argc, wchar_t** argv)
{
    (void)argv;
    if (argc != 1)
    {
        wprintf(L"usage: draftcount\n");
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    {
        ULONG cInbox = 0, cRoot = 0;
        CInboxCounter inbox;
        if (SUCCEEDED(inbox.Count(&cInbox)))
            wprintf(L"Inbox: %lu\n", cInbox);
        CRootCounter root;
        if (SUCCEEDED(root.Count(&cRoot)))
            wprintf(L"top-level folders: %lu\n", cRoot);
    }
    MAPIUninitialize();
    return 0;
}
