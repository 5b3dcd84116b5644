// archivequeue.cpp - opens every store of a profile and queues it for the archiver.
//
// CArchiveJob::Run opens each store into a local CComPtr and hands the reference to the
// queue with spStore.Detach() INSIDE the AdoptStore argument (itself inside CHK_HR): from
// that point the queue owns the store and the local CComPtr is empty. The queue archives and
// releases what it holds (Drain, or ReleaseAll on error paths) before Run logs off; the empty
// CComPtr releases nothing at Run's closing brace.

#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

#define MAX_QUEUED 16

class CStoreQueue
{
public:
    CStoreQueue() : m_cStores(0) {}
    ~CStoreQueue() { ReleaseAll(); }

    // Takes over the caller's reference, also on failure.
    HRESULT AdoptStore(LPMDB lpMDB)
    {
        if (m_cStores == MAX_QUEUED)
        {
            lpMDB->Release();
            return MAPI_E_NOT_ENOUGH_RESOURCES;
        }
        m_rgStores[m_cStores++] = lpMDB;
        return S_OK;
    }

    HRESULT Drain()
    {
        HRESULT hr = S_OK;
        while (m_cStores > 0)
        {
            LPMDB lpMDB = m_rgStores[--m_cStores];
            LPSPropValue pName = NULL;
            if (SUCCEEDED(HrGetOneProp(lpMDB, PR_DISPLAY_NAME_W, &pName)))
            {
                wprintf(L"archiving %s\n", pName->Value.lpszW);
                MAPIFreeBuffer(pName);
            }
            lpMDB->Release();
        }
        return hr;
    }

    void ReleaseAll()
    {
        while (m_cStores > 0)
            m_rgStores[--m_cStores]->Release();
    }

private:
    LPMDB m_rgStores[MAX_QUEUED];
    ULONG m_cStores;
};

class CArchiveJob
{
public:
    explicit CArchiveJob(CStoreQueue* pQueue) : m_pQueue(pQueue) {}
    HRESULT Run(LPCWSTR pszProfile);

private:
    CStoreQueue* m_pQueue;      // not owned
};

HRESULT CArchiveJob::Run(LPCWSTR pszProfile)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    CComPtr<IMAPITable> spStores;
    LPSRowSet pRows = NULL;
    CComPtr<IMsgStore> spStore;
    static const SizedSPropTagArray(1, sptEID) = { 1, { PR_ENTRYID } };

    CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &lpSession));
    CHK_HR(lpSession->GetMsgStoresTable(0, &spStores));
    CHK_HR(HrQueryAllRows(spStores, (LPSPropTagArray)&sptEID, NULL, NULL, 0, &pRows));
    spStores.Release();

    for (ULONG i = 0; i < pRows->cRows; i++)
    {
        const SBinary& eid = pRows->aRow[i].lpProps[0].Value.bin;
        CHK_HR(lpSession->OpenMsgStore(0, eid.cb, (LPENTRYID)eid.lpb, NULL, MDB_NO_DIALOG | MAPI_BEST_ACCESS, &spStore));
        CHK_HR(m_pQueue->AdoptStore(spStore.Detach()));     // the queue owns it now
    }

    CHK_HR(m_pQueue->Drain());

Cleanup:
    m_pQueue->ReleaseAll();     // error paths: drop whatever is still queued
    spStores.Release();         // HrQueryAllRows failed before the early release
    FreeProws(pRows);
    if (lpSession)
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    return hr;
}   // spStore and spStores are empty here

int wmain(int argc, wchar_t** argv)
{
    if (argc != 2)
    {
        wprintf(L"usage: %s profile\n", argv[0]);
        return 2;
    }

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
    {
        wprintf(L"MAPIInitialize failed: 0x%08lx\n", hr);
        return 1;
    }

    {
        CStoreQueue queue;
        CArchiveJob job(&queue);
        hr = job.Run(argv[1]);
        if (FAILED(hr))
            wprintf(L"archive failed: 0x%08lx\n", hr);
    }   // queue is empty by now; its destructor releases nothing

    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
