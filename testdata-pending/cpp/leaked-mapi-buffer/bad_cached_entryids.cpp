// mailmon.cpp - prints how many messages wait in the Inbox, Sent Items and Outbox.
// The entry IDs of the folders are read once at connect time and cached.
//
// Usage: mailmon <profile> [repeat]
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) { wprintf(L"%hs: 0x%08lx\n", #x, hr); goto Cleanup; } } while (0)

// Outbox entry ID shared by every monitor of the process: read once, never re-read.
static LPSPropValue g_lpOutboxEID = NULL;

static HRESULT CacheOutbox(LPMDB lpMDB)
{
    if (g_lpOutboxEID) return S_OK;
    return HrGetOneProp(lpMDB, PR_IPM_OUTBOX_ENTRYID, &g_lpOutboxEID); //~ leaked-mapi-buffer
}

static HRESULT CountFolder(LPMDB lpMDB, ULONG cb, LPENTRYID lpEID, ULONG* pcMsgs)
{
    HRESULT hr = S_OK;
    LPMAPIFOLDER lpFolder = NULL;
    LPMAPITABLE lpTable = NULL;
    ULONG ulType = 0;

    *pcMsgs = 0;
    CHK_HR(lpMDB->OpenEntry(cb, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpFolder));
    CHK_HR(lpFolder->GetContentsTable(0, &lpTable));
    CHK_HR(lpTable->GetRowCount(0, pcMsgs));

Cleanup:
    if (lpTable) lpTable->Release();
    if (lpFolder) lpFolder->Release();
    return hr;
}

class CMailMonitor
{
public:
    CMailMonitor() : m_lpSession(NULL), m_lpMDB(NULL), m_cbInboxEID(0), m_lpInboxEID(NULL), m_lpSentEID(NULL) {}
    ~CMailMonitor() { Disconnect(); }

    HRESULT Connect(LPCSTR pszProfile)
    {
        HRESULT hr = S_OK;
        CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &m_lpSession));
        CHK_HR(m_lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_NO_DIALOG, &m_lpMDB));
        CHK_HR(m_lpMDB->GetReceiveFolder(NULL, 0, &m_cbInboxEID, &m_lpInboxEID, NULL)); //~ leaked-mapi-buffer
        CHK_HR(HrGetOneProp(m_lpMDB, PR_IPM_SENTMAIL_ENTRYID, &m_lpSentEID));
        CHK_HR(CacheOutbox(m_lpMDB));
    Cleanup:
        return hr;
    }

    void Report()
    {
        ULONG cInbox = 0, cSent = 0, cOutbox = 0;
        if (FAILED(CountFolder(m_lpMDB, m_cbInboxEID, m_lpInboxEID, &cInbox)))
            wprintf(L"cannot read the Inbox\n");
        if (FAILED(CountFolder(m_lpMDB, m_lpSentEID->Value.bin.cb, (LPENTRYID)m_lpSentEID->Value.bin.lpb, &cSent)))
            wprintf(L"cannot read Sent Items\n");
        if (FAILED(CountFolder(m_lpMDB, g_lpOutboxEID->Value.bin.cb, (LPENTRYID)g_lpOutboxEID->Value.bin.lpb, &cOutbox)))
            wprintf(L"cannot read the Outbox\n");
        wprintf(L"inbox %lu, sent %lu, outbox %lu\n", cInbox, cSent, cOutbox);
    }

    void Disconnect()
    {
        if (m_lpMDB)
        {
            m_lpMDB->Release();
            m_lpMDB = NULL;
        }
        MAPIFreeBuffer(m_lpSentEID);
        m_lpSentEID = NULL;
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
        }
        // BUG: the Inbox entry ID is only freed once the session is already gone.
        MAPIFreeBuffer(m_lpInboxEID);
        m_lpInboxEID = NULL;
        if (m_lpSession)
        {
            m_lpSession->Release();
            m_lpSession = NULL;
        }
    }

private:
    LPMAPISESSION m_lpSession;
    LPMDB m_lpMDB;
    ULONG m_cbInboxEID;
    LPENTRYID m_lpInboxEID;
    LPSPropValue m_lpSentEID;
};

static int Run(LPCSTR pszProfile, int cRepeat)
{
    CMailMonitor monitor;
    if (FAILED(monitor.Connect(pszProfile)))
        return 1;
    for (int i = 0; i < cRepeat; i++)
    {
        monitor.Report();
        Sleep(1000);
    }
    return 0;
}

int main(int argc, char** argv)
{
    if (argc < 2)
    {
        printf("usage: %s <profile> [repeat]\n", argv[0]);
        return 2;
    }
    int cRepeat = argc > 2 ? atoi(argv[2]) : 1;

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
    {
        printf("MAPIInitialize failed: 0x%08lx\n", hr);
        return 1;
    }
    int rc = Run(argv[1], cRepeat);
    MAPIUninitialize();
    return rc;
}
