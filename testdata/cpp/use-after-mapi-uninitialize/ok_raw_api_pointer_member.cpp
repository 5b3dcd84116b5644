// storesizes.cpp - prints the size of every store in a profile, then a summary line.
//
// CMapiApi owns MAPI initialization: its constructor calls MAPIInitialize and its destructor
// MAPIUninitialize. wmain owns the single CMapiApi by value. The per-store workers only
// borrow it through a raw CMapiApi* member: destroying a CStoreSizer runs ~CStoreSizer and
// nothing else, so MAPI stays initialized for the calls made after each worker is gone.

#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CMapiApi
{
public:
    CMapiApi() : m_cOpened(0)
    {
        HRESULT hr = MAPIInitialize(NULL);
        if (FAILED(hr))
            throw hr;
    }
    ~CMapiApi() { MAPIUninitialize(); }

    void NoteStoreOpened() { m_cOpened++; }
    ULONG StoresOpened() const { return m_cOpened; }

private:
    ULONG m_cOpened;
};

// One store's worth of work. Borrows the API object and the session; owns only the store.
struct CStoreSizer
{
    CStoreSizer(CMapiApi* pApi, LPMAPISESSION lpSession)
        : m_pApi(pApi), m_lpSession(lpSession), m_lpMDB(NULL) {}
    ~CStoreSizer()
    {
        if (m_lpMDB)
            m_lpMDB->Release();
    }

    HRESULT Measure(const SBinary& eid, ULONGLONG* pcb)
    {
        HRESULT hr = S_OK;
        LPSPropValue pSize = NULL;

        CHK_HR(m_lpSession->OpenMsgStore(0, eid.cb, (LPENTRYID)eid.lpb, NULL, MDB_NO_DIALOG, &m_lpMDB));
        m_pApi->NoteStoreOpened();
        CHK_HR(HrGetOneProp(m_lpMDB, PR_MESSAGE_SIZE_EXTENDED, &pSize));
        *pcb = pSize->Value.li.QuadPart;

    Cleanup:
        MAPIFreeBuffer(pSize);
        return hr;
    }

    CMapiApi*     m_pApi;       // not owned
    LPMAPISESSION m_lpSession;  // not owned
    LPMDB         m_lpMDB;      // owned
};

static HRESULT SizeAllStores(CMapiApi* pApi, LPMAPISESSION lpSession, ULONGLONG* pcbTotal)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpStores = NULL;
    LPSRowSet pRows = NULL;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DISPLAY_NAME_W } };

    CHK_HR(lpSession->GetMsgStoresTable(0, &lpStores));
    CHK_HR(HrQueryAllRows(lpStores, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &pRows));
    for (ULONG i = 0; i < pRows->cRows; i++)
    {
        ULONGLONG cb = 0;
        CStoreSizer sizer(pApi, lpSession);
        if (SUCCEEDED(sizer.Measure(pRows->aRow[i].lpProps[0].Value.bin, &cb)))
        {
            wprintf(L"%-40s %12I64u\n", pRows->aRow[i].lpProps[1].Value.lpszW, cb);
            *pcbTotal += cb;
        }
    }   // each sizer is destroyed here: its store is released, the API object is untouched

Cleanup:
    FreeProws(pRows);
    if (lpStores)
        lpStores->Release();
    return hr;
}

static HRESULT PrintIdentity(LPMAPISESSION lpSession)
{
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;
    HRESULT hr = lpSession->QueryIdentity(&cbEID, &lpEID);
    if (FAILED(hr))
        return hr;
    wprintf(L"identity entry ID: %lu bytes\n", cbEID);
    MAPIFreeBuffer(lpEID);
    return S_OK;
}

int wmain(int argc, wchar_t** argv)
{
    if (argc != 2)
    {
        wprintf(L"usage: %s profile\n", argv[0]);
        return 2;
    }

    try
    {
        CMapiApi api;
        LPMAPISESSION lpSession = NULL;
        ULONGLONG cbTotal = 0;

        HRESULT hr = MAPILogonEx(0, (LPTSTR)argv[1], NULL, MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &lpSession);
        if (FAILED(hr))
        {
            wprintf(L"MAPILogonEx failed: 0x%08lx\n", hr);
            return 1;
        }

        hr = SizeAllStores(&api, lpSession, &cbTotal);
        {
            // A throw-away worker for the primary store summary line.
            CStoreSizer probe(&api, lpSession);
            wprintf(L"%lu store(s) opened by %p\n", probe.m_pApi->StoresOpened(), probe.m_pApi);
        }

        // MAPI is still initialized here: the workers never owned the API object.
        PrintIdentity(lpSession);
        wprintf(L"total: %I64u bytes\n", cbTotal);

        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }   // api destroyed here: MAPIUninitialize
    catch (HRESULT hr)
    {
        wprintf(L"MAPIInitialize failed: 0x%08lx\n", hr);
        return 1;
    }
    return 0;
}
