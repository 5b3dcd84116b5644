// rootinfo.cpp - prints the display name of the root folder and of the Inbox.
//
// Bugs:
//  * CRootInfo::Close() (called from the destructor) releases the store but not m_spRoot;
//    the CComPtr member is released only when the members are destroyed, after the
//    Logoff in Close();
//  * CInboxInfo's destructor logs off while m_upInbox (a unique_ptr filled with reset())
//    still holds the Inbox.
#include <windows.h>
#include <stdio.h>
#include <memory>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

struct ComRelease { void operator()(IUnknown* p) const { if (p) p->Release(); } };

static void PrintName(LPMAPIPROP lpObj, LPCWSTR pszLabel)
{
    LPSPropValue lpName = NULL;
    if (SUCCEEDED(HrGetOneProp(lpObj, PR_DISPLAY_NAME_W, &lpName)))
    {
        wprintf(L"%ls: %ls\n", pszLabel, lpName->Value.lpszW);
        MAPIFreeBuffer(lpName);
    }
}

class CRootInfo
{
public:
    ~CRootInfo() { Close(); }
    HRESULT Open()
    {
        HRESULT hr = S_OK;
        ULONG ulType = 0;
        CHK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION,
                           &m_spSession));
        CHK_HR(m_spSession->OpenMsgStore(0, 0, NULL, NULL, MDB_NO_DIALOG, &m_spStore));
        CHK_HR(m_spStore->OpenEntry(0, NULL, NULL, 0, &ulType, (LPUNKNOWN*)&m_spRoot)); //~ open-object-at-logoff
        PrintName(m_spRoot, L"root");
    Cleanup:
        return hr;
    }
    void Close()
    {
        m_spStore.Release();
        if (m_spSession)
        {
            m_spSession->Logoff(0, 0, 0);   // BUG: m_spRoot is still open
            m_spSession.Release();
        }
    }
private:
    CComPtr<IMAPISession> m_spSession;
    CComPtr<IMsgStore>    m_spStore;
    CComPtr<IMAPIFolder>  m_spRoot;
};

class CInboxInfo
{
public:
    CInboxInfo() : m_lpSession(NULL), m_lpMDB(NULL) {}
    ~CInboxInfo()
    {
        if (m_lpMDB)
            m_lpMDB->Release();
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);   // BUG: m_upInbox still holds the Inbox
            m_lpSession->Release();
        }
    }
    HRESULT Open()
    {
        HRESULT hr = S_OK;
        ULONG cbEID = 0, ulType = 0;
        LPENTRYID lpEID = NULL;
        IMAPIFolder* lpInbox = NULL;
        CHK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION,
                           &m_lpSession));
        CHK_HR(m_lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_NO_DIALOG, &m_lpMDB));
        CHK_HR(m_lpMDB->GetReceiveFolder((LPTSTR)"IPM.Note", 0, &cbEID, &lpEID, NULL));
        CHK_HR(m_lpMDB->OpenEntry(cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpInbox)); //~ open-object-at-logoff
        m_upInbox.reset(lpInbox);
        PrintName(m_upInbox.get(), L"Inbox");
    Cleanup:
        MAPIFreeBuffer(lpEID);
        return hr;
    }
private:
    LPMAPISESSION                            m_lpSession;
    LPMDB                                    m_lpMDB;
    std::unique_ptr<IMAPIFolder, ComRelease> m_upInbox;
};

int wmain(int argc, wchar_t** argv)
{
    (void)argv;
    if (argc != 1)
    {
        wprintf(L"usage: rootinfo\n");
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    {
        CRootInfo root;
        root.Open();
        CInboxInfo inbox;
        inbox.Open();
    }
    MAPIUninitialize();
    return 0;
}
