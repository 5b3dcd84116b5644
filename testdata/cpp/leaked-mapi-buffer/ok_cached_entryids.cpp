// draftcount.cpp - keeps the entry IDs of the Inbox and Drafts folders of the default
// store and prints their unread counts. The cached IDs are freed before the session ends.
//
// Usage: draftcount <profile>
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define EC_H(x) do { hr = (x); if (FAILED(hr)) printf("%s:%d %s -> 0x%08lx\n", __FILE__, __LINE__, #x, hr); } while (0)
#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

// Drafts folder entry ID, filled by LoadDrafts and freed by UnloadDrafts.
static LPSPropValue g_lpDraftsEID = NULL;

static HRESULT LoadDrafts(LPMAPIFOLDER lpFolder)
{
    MAPIFreeBuffer(g_lpDraftsEID);
    g_lpDraftsEID = NULL;
    return HrGetOneProp(lpFolder, PR_IPM_DRAFTS_ENTRYID, &g_lpDraftsEID);
}

static void UnloadDrafts()
{
    if (g_lpDraftsEID)
    {
        MAPIFreeBuffer(g_lpDraftsEID);
        g_lpDraftsEID = NULL;
    }
}

class CStoreView
{
public:
    CStoreView() : m_lpSession(NULL), m_lpMDB(NULL), m_cbInbox(0), m_lpInboxEID(NULL) {}

    // The cached entry ID goes first, then the store, then the session.
    ~CStoreView()
    {
        if (m_lpInboxEID) MAPIFreeBuffer(m_lpInboxEID);
        m_lpInboxEID = NULL;
        if (m_lpMDB) m_lpMDB->Release();
        m_lpMDB = NULL;
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
            m_lpSession = NULL;
        }
    }

    HRESULT Open(LPCSTR pszProfile)
    {
        HRESULT hr = S_OK;
        CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &m_lpSession));
        CHK_HR(m_lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_NO_DIALOG, &m_lpMDB));
        CHK_HR(m_lpMDB->GetReceiveFolder(NULL, 0, &m_cbInbox, &m_lpInboxEID, NULL));
    Cleanup:
        return hr;
    }

    HRESULT Unread(ULONG cb, LPENTRYID lpEID, ULONG* pcUnread)
    {
        HRESULT hr = S_OK;
        LPMAPIFOLDER lpFolder = NULL;
        LPSPropValue lpCount = NULL;
        ULONG ulType = 0;
        *pcUnread = 0;
        CHK_HR(m_lpMDB->OpenEntry(cb, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpFolder));
        CHK_HR(HrGetOneProp(lpFolder, PR_CONTENT_UNREAD, &lpCount));
        *pcUnread = lpCount->Value.l;
    Cleanup:
        MAPIFreeBuffer(lpCount);
        if (lpFolder) lpFolder->Release();
        return hr;
    }

    HRESULT Print()
    {
        HRESULT hr = S_OK;
        LPMAPIFOLDER lpInbox = NULL;
        ULONG ulType = 0, cInbox = 0, cDrafts = 0;

        CHK_HR(m_lpMDB->OpenEntry(m_cbInbox, m_lpInboxEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpInbox));
        CHK_HR(LoadDrafts(lpInbox));
        EC_H(Unread(m_cbInbox, m_lpInboxEID, &cInbox));
        EC_H(Unread(g_lpDraftsEID->Value.bin.cb, (LPENTRYID)g_lpDraftsEID->Value.bin.lpb, &cDrafts));
        printf("Inbox: %lu unread, Drafts: %lu unread\n", cInbox, cDrafts);
    Cleanup:
        if (lpInbox) lpInbox->Release();
        return hr;
    }

private:
    LPMAPISESSION m_lpSession;
    LPMDB m_lpMDB;
    ULONG m_cbInbox;
    LPENTRYID m_lpInboxEID;
};

static HRESULT Run(LPCSTR pszProfile)
{
    HRESULT hr = S_OK;
    CStoreView view;
    hr = view.Open(pszProfile);
    if (SUCCEEDED(hr))
        hr = view.Print();
    // The global drafts ID is released here, before view's destructor logs off.
    UnloadDrafts();
    return hr;
}

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        printf("usage: %s <profile>\n", argv[0]);
        return 2;
    }
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr)) return 1;
    hr = Run(argv[1]);
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
