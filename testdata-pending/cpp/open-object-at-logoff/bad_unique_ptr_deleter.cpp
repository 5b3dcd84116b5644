// outboxcheck.cpp - warns when messages are stuck in the Outbox.
//
// Sessions are held in a std::unique_ptr whose deleter logs off and then releases, so
// no path can forget either call.
//
// BUG (CountOutbox): the store's CComPtr is declared before the session's unique_ptr
// (it was hoisted to the top "with the other locals"). Locals die in reverse order, so
// the session is logged off at the closing brace while spStore still holds the store;
// the store is released only afterwards. CountSent() gets the order right.
#include <windows.h>
#include <stdio.h>
#include <memory>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

struct SessionDeleter
{
    void operator()(IMAPISession* lpSession) const
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
};
typedef std::unique_ptr<IMAPISession, SessionDeleter> SessionPtr;

static HRESULT Logon(SessionPtr& session)
{
    IMAPISession* lpRaw = NULL;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &lpRaw);
    if (SUCCEEDED(hr))
        session.reset(lpRaw);
    return hr;
}

// Copies the entry ID of the default store into a MAPIAllocateBuffer block the caller
// frees.
static HRESULT GetDefaultStoreEID(IMAPISession* lpSession, ULONG* pcb, LPENTRYID* ppEID)
{
    CComPtr<IMAPITable> spTable;
    LPSRowSet lpRows = NULL;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    HRESULT hr = lpSession->GetMsgStoresTable(0, &spTable);
    if (FAILED(hr))
        return hr;
    hr = HrQueryAllRows(spTable, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows);
    if (FAILED(hr))
        return hr;
    hr = MAPI_E_NOT_FOUND;
    for (ULONG i = 0; i < lpRows->cRows; i++)
    {
        SBinary& bin = lpRows->aRow[i].lpProps[0].Value.bin;
        if (lpRows->aRow[i].lpProps[1].Value.b)
        {
            hr = MAPIAllocateBuffer(bin.cb, (LPVOID*)ppEID);
            if (SUCCEEDED(hr))
            {
                memcpy(*ppEID, bin.lpb, bin.cb);
                *pcb = bin.cb;
            }
            break;
        }
    }
    FreeProws(lpRows);
    return hr;
}

static HRESULT CountFolder(IMsgStore* lpStore, ULONG ulEidTag, ULONG* pcItems)
{
    LPSPropValue lpEID = NULL;
    CComPtr<IMAPIFolder> spFolder;
    LPSPropValue lpCount = NULL;
    ULONG ulType = 0;

    HRESULT hr = HrGetOneProp(lpStore, ulEidTag, &lpEID);
    if (FAILED(hr))
        return hr;
    hr = lpStore->OpenEntry(lpEID->Value.bin.cb, (LPENTRYID)lpEID->Value.bin.lpb, NULL, 0, &ulType,
                            (LPUNKNOWN*)&spFolder);
    MAPIFreeBuffer(lpEID);
    if (FAILED(hr))
        return hr;
    hr = HrGetOneProp(spFolder, PR_CONTENT_COUNT, &lpCount);
    if (FAILED(hr))
        return hr;
    *pcItems = lpCount->Value.l;
    MAPIFreeBuffer(lpCount);
    return S_OK;
}

static HRESULT CountOutbox(ULONG* pcItems)
{
    CComPtr<IMsgStore> spStore;          // declared first: destroyed last
    SessionPtr session;

    HRESULT hr = Logon(session);
    if (FAILED(hr))
        return hr;
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;
    hr = GetDefaultStoreEID(session.get(), &cbEID, &lpEID);
    if (FAILED(hr))
        return hr;
    hr = session->OpenMsgStore(0, cbEID, lpEID, NULL, MDB_NO_DIALOG, &spStore); //~ open-object-at-logoff
    MAPIFreeBuffer(lpEID);
    if (FAILED(hr))
        return hr;
    return CountFolder(spStore, PR_IPM_OUTBOX_ENTRYID, pcItems);
}

static HRESULT CountSent(ULONG* pcItems)
{
    SessionPtr session;
    HRESULT hr = Logon(session);
    if (FAILED(hr))
        return hr;

    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;
    hr = GetDefaultStoreEID(session.get(), &cbEID, &lpEID);
    if (FAILED(hr))
        return hr;

    CComPtr<IMsgStore> spStore;          // declared after the session: released before Logoff
    hr = session->OpenMsgStore(0, cbEID, lpEID, NULL, MDB_NO_DIALOG, &spStore);
    MAPIFreeBuffer(lpEID);
    if (FAILED(hr))
        return hr;
    return CountFolder(spStore, PR_IPM_SENTMAIL_ENTRYID, pcItems);
}

int main(int argc, char** argv)
{
    ULONG cOutbox = 0, cSent = 0;
    ULONG cThreshold = argc > 1 ? strtoul(argv[1], NULL, 10) : 0;

    if (FAILED(MAPIInitialize(NULL)))
    {
        fprintf(stderr, "MAPIInitialize failed\n");
        return 1;
    }

    HRESULT hr = CountOutbox(&cOutbox);
    if (SUCCEEDED(hr))
        hr = CountSent(&cSent);
    MAPIUninitialize();

    if (FAILED(hr))
    {
        fprintf(stderr, "outboxcheck: 0x%08lx\n", (unsigned long)hr);
        return 1;
    }
    printf("outbox %lu, sent %lu\n", cOutbox, cSent);
    return cOutbox > cThreshold ? 3 : 0;
}
