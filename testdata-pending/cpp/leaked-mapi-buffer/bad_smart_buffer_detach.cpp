// inboxwatch.cpp - polls the Inbox of the default store and prints the unread count
// whenever it changes. Buffers are held by a small RAII wrapper, but two of them are
// detached from it and then lost.
//
// Usage: inboxwatch <profile> <seconds>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

template <typename T> class CMapiBuf
{
public:
    CMapiBuf() : m_p(NULL) {}
    ~CMapiBuf() { MAPIFreeBuffer(m_p); }
    T** operator&() { return &m_p; }
    T* operator->() const { return m_p; }
    operator T*() const { return m_p; }
    T* Detach() { T* p = m_p; m_p = NULL; return p; }
private:
    T* m_p;
};

// Returns a copy of the store display name property, or NULL. The caller frees it.
static LPSPropValue DupStoreName(LPMDB lpMDB)
{
    CMapiBuf<SPropValue> name;
    if (FAILED(HrGetOneProp(lpMDB, PR_DISPLAY_NAME_A, &name))) //~ leaked-mapi-buffer
        return NULL;
    return name.Detach();
}

class CInboxWatch
{
public:
    CInboxWatch() : m_lpSession(NULL), m_lpMDB(NULL), m_cbInboxEID(0), m_lpInboxEID(NULL) {}
    ~CInboxWatch()
    {
        if (m_lpMDB) m_lpMDB->Release();
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
        }
        // m_lpInboxEID: nothing frees it.
    }

    HRESULT Start(LPCSTR pszProfile)
    {
        HRESULT hr = S_OK;
        CMapiBuf<ENTRYID> inbox;
        ULONG cb = 0;

        CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &m_lpSession));
        CHK_HR(m_lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_NO_DIALOG, &m_lpMDB));
        // Only a sanity check: the name itself is not used.
        if (DupStoreName(m_lpMDB) == NULL)
            printf("warning: the store has no display name\n");
        CHK_HR(m_lpMDB->GetReceiveFolder(NULL, 0, &cb, &inbox, NULL)); //~ leaked-mapi-buffer
        m_cbInboxEID = cb;
        m_lpInboxEID = inbox.Detach();   // kept for the lifetime of the watcher
    Cleanup:
        return hr;
    }

    HRESULT Unread(ULONG* pcUnread)
    {
        HRESULT hr = S_OK;
        LPMAPIFOLDER lpInbox = NULL;
        CMapiBuf<SPropValue> count;
        ULONG ulType = 0;

        CHK_HR(m_lpMDB->OpenEntry(m_cbInboxEID, m_lpInboxEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpInbox));
        CHK_HR(HrGetOneProp(lpInbox, PR_CONTENT_UNREAD, &count));
        *pcUnread = count->Value.l;
    Cleanup:
        if (lpInbox) lpInbox->Release();
        return hr;
    }

private:
    LPMAPISESSION m_lpSession;
    LPMDB m_lpMDB;
    ULONG m_cbInboxEID;
    LPENTRYID m_lpInboxEID;
};

static int Watch(LPCSTR pszProfile, int cSeconds)
{
    CInboxWatch watch;
    ULONG cLast = (ULONG)-1;
    if (FAILED(watch.Start(pszProfile)))
    {
        printf("cannot open the Inbox\n");
        return 1;
    }
    for (int i = 0; i < cSeconds; i++)
    {
        ULONG cUnread = 0;
        if (SUCCEEDED(watch.Unread(&cUnread)) && cUnread != cLast)
        {
            printf("%lu unread\n", cUnread);
            cLast = cUnread;
        }
        Sleep(1000);
    }
    return 0;
}

int main(int argc, char** argv)
{
    if (argc != 3)
    {
        printf("usage: %s <profile> <seconds>\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    int rc = Watch(argv[1], atoi(argv[2]));
    MAPIUninitialize();
    return rc;
}
