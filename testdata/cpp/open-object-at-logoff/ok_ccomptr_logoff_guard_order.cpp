// unread.cpp - prints the unread count of the Inbox, for a status-bar script.
//
// The function returns early on every failure. The session is a CComPtr<IMAPISession>;
// a small CLogoffOnExit guard, declared right after it, logs the session off when the
// scope ends. Locals are destroyed in reverse order, so on every return:
//   spInbox released, spStore released, guard -> Logoff, spSession -> Release.
// The store and folder smart pointers are declared AFTER the guard on purpose.
#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define RETURN_IF_FAILED_MSG(x, msg)                                           \
    do {                                                                       \
        hr = (x);                                                              \
        if (FAILED(hr)) {                                                      \
            fprintf(stderr, "%s: 0x%08lx\n", msg, (unsigned long)hr);          \
            return hr;                                                         \
        }                                                                      \
    } while (0)

class CLogoffOnExit
{
public:
    explicit CLogoffOnExit(CComPtr<IMAPISession>& spSession) : m_spSession(spSession) {}
    ~CLogoffOnExit()
    {
        if (m_spSession)
            m_spSession->Logoff(0, 0, 0);
    }

private:
    CComPtr<IMAPISession>& m_spSession;   // reference: the CComPtr still owns the session
};

static HRESULT FindDefaultStoreId(IMAPISession* pSession, ULONG* pcb, LPENTRYID* ppEID)
{
    HRESULT hr = S_OK;
    CComPtr<IMAPITable> spTable;
    LPSRowSet pRows = NULL;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    RETURN_IF_FAILED_MSG(pSession->GetMsgStoresTable(0, &spTable), "GetMsgStoresTable");
    RETURN_IF_FAILED_MSG(HrQueryAllRows(spTable, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &pRows),
                         "HrQueryAllRows");

    hr = MAPI_E_NOT_FOUND;
    for (ULONG i = 0; i < pRows->cRows; i++)
    {
        SPropValue* pCols = pRows->aRow[i].lpProps;
        if (pCols[1].ulPropTag == PR_DEFAULT_STORE && pCols[1].Value.b)
        {
            hr = MAPIAllocateBuffer(pCols[0].Value.bin.cb, (LPVOID*)ppEID);
            if (SUCCEEDED(hr))
            {
                memcpy(*ppEID, pCols[0].Value.bin.lpb, pCols[0].Value.bin.cb);
                *pcb = pCols[0].Value.bin.cb;
            }
            break;
        }
    }
    FreeProws(pRows);
    return hr;
}

static HRESULT PrintUnread(LPCSTR pszProfile)
{
    HRESULT hr = S_OK;
    CComPtr<IMAPISession> spSession;
    CLogoffOnExit logoff(spSession);
    CComPtr<IMsgStore> spStore;
    CComPtr<IMAPIFolder> spInbox;
    ULONG cbStore = 0, cbInbox = 0, ulType = 0;
    LPENTRYID pStoreEID = NULL;
    LPENTRYID pInboxEID = NULL;
    LPSPropValue pUnread = NULL;

    RETURN_IF_FAILED_MSG(MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                                     MAPI_EXTENDED | MAPI_NEW_SESSION | (pszProfile ? 0 : MAPI_USE_DEFAULT),
                                     &spSession), "MAPILogonEx");

    RETURN_IF_FAILED_MSG(FindDefaultStoreId(spSession, &cbStore, &pStoreEID), "default store");
    hr = spSession->OpenMsgStore(0, cbStore, pStoreEID, NULL, MDB_NO_DIALOG, &spStore);
    MAPIFreeBuffer(pStoreEID);
    if (FAILED(hr))
        return hr;

    RETURN_IF_FAILED_MSG(spStore->GetReceiveFolder((LPTSTR)"IPM.Note", 0, &cbInbox, &pInboxEID, NULL),
                         "GetReceiveFolder");
    hr = spStore->OpenEntry(cbInbox, pInboxEID, NULL, 0, &ulType, (LPUNKNOWN*)&spInbox);
    MAPIFreeBuffer(pInboxEID);
    if (FAILED(hr))
        return hr;

    RETURN_IF_FAILED_MSG(HrGetOneProp(spInbox, PR_CONTENT_UNREAD, &pUnread), "PR_CONTENT_UNREAD");
    printf("%ld\n", pUnread->Value.l);
    MAPIFreeBuffer(pUnread);
    return S_OK;
}

int main(int argc, char** argv)
{
    if (argc > 2)
    {
        fprintf(stderr, "usage: %s [profile]\n", argv[0]);
        return 2;
    }

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;
    hr = PrintUnread(argc == 2 ? argv[1] : NULL);
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
