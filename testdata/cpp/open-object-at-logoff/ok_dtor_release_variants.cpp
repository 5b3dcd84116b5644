// mailboxtable.cpp - lists the mailboxes on the server of the default store through
// IExchangeManageStore::GetMailboxTable.
//
// CMailboxLister keeps everything in members and logs off in its destructor BODY. Each
// member is emptied before the Logoff, each in a different (correct) way:
//   m_spStore = nullptr;            CComPtr assignment
//   if (m_spEMS) m_spEMS.Release(); CComQIPtr from QueryInterface
//   m_upRoot = nullptr;             unique_ptr with a Release() deleter
//   m_lpTable->Release(); m_lpTable = NULL;   raw member
// A borrowing CSessionRef (constructed with fOwn == false) never logs off.
#include <windows.h>
#include <stdio.h>
#include <memory>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>
#include <edkmdb.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

struct ComRelease { void operator()(IUnknown* p) const { if (p) p->Release(); } };

static const SizedSPropTagArray(1, sptDN) = { 1, { PR_DISPLAY_NAME_A } };

class CMailboxLister
{
public:
    CMailboxLister() : m_lpSession(NULL), m_lpTable(NULL) {}
    ~CMailboxLister()
    {
        if (m_lpTable)
        {
            m_lpTable->Release();
            m_lpTable = NULL;
        }
        if (m_spEMS)
            m_spEMS.Release();
        m_upRoot = nullptr;
        m_spStore = nullptr;
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
        }
    }

    HRESULT Open()
    {
        HRESULT hr = S_OK;
        IMAPIFolder* lpRoot = NULL;
        ULONG ulType = 0;
        LPSPropValue lpDN = NULL;

        CHK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION,
                           &m_lpSession));
        CHK_HR(m_lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_NO_DIALOG, &m_spStore));
        CHK_HR(m_spStore->OpenEntry(0, NULL, NULL, 0, &ulType, (LPUNKNOWN*)&lpRoot));
        m_upRoot.reset(lpRoot);
        CHK_HR(m_spStore->QueryInterface(IID_IExchangeManageStore, (void**)&m_spEMS));
        CHK_HR(HrGetOneProp(m_spStore, PR_MAILBOX_OWNER_NAME_A, &lpDN));
        CHK_HR(m_spEMS->GetMailboxTable(NULL, &m_lpTable, 0));
        CHK_HR(m_lpTable->SetColumns((LPSPropTagArray)&sptDN, 0));
    Cleanup:
        MAPIFreeBuffer(lpDN);
        return hr;
    }

    HRESULT Print()
    {
        LPSRowSet pRows = NULL;
        HRESULT hr = HrQueryAllRows(m_lpTable, NULL, NULL, NULL, 0, &pRows);
        if (FAILED(hr))
            return hr;
        for (ULONG i = 0; i < pRows->cRows; i++)
            printf("  %s\n", pRows->aRow[i].lpProps[0].Value.lpszA);
        FreeProws(pRows);
        return S_OK;
    }

    LPMAPISESSION Session() const { return m_lpSession; }

private:
    LPMAPISESSION                           m_lpSession;
    CComPtr<IMsgStore>                      m_spStore;
    std::unique_ptr<IMAPIFolder, ComRelease> m_upRoot;
    CComQIPtr<IExchangeManageStore>         m_spEMS;
    LPMAPITABLE                             m_lpTable;
};

// A session reference that logs off only when it owns the session.
class CSessionRef
{
public:
    CSessionRef(LPMAPISESSION lpSession, bool fOwn) : m_lpSession(lpSession), m_fOwn(fOwn) {}
    ~CSessionRef()
    {
        if (m_fOwn && m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
        }
    }
    LPMAPISESSION operator->() const { return m_lpSession; }
private:
    LPMAPISESSION m_lpSession;
    bool m_fOwn;
};

static HRESULT PrintStatusRows(LPMAPISESSION lpSession)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpStatus = NULL;
    ULONG cRows = 0, cStores = 0;
    CHK_HR(lpSession->GetStatusTable(0, &lpStatus));
    {
        CSessionRef ref(lpSession, false);      // borrowed: never logs off
        LPMAPITABLE lpStores = NULL;
        if (SUCCEEDED(ref->GetMsgStoresTable(0, &lpStores)))
        {
            lpStores->GetRowCount(0, &cStores);
            lpStores->Release();
        }
    }
    CHK_HR(lpStatus->GetRowCount(0, &cRows));
    printf("%lu status row(s), %lu store(s)\n", cRows, cStores);
Cleanup:
    if (lpStatus)
        lpStatus->Release();
    return hr;
}

int main(int argc, char** argv)
{
    (void)argv;
    if (argc != 1)
    {
        fprintf(stderr, "usage: mailboxtable\n");
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    HRESULT hr = S_OK;
    {
        CMailboxLister lister;
        hr = lister.Open();
        if (SUCCEEDED(hr))
            hr = lister.Print();
        if (SUCCEEDED(hr))
            hr = PrintStatusRows(lister.Session());
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
