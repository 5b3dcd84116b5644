// foldercache.cpp - opens the default store and a few well-known folders once and keeps
// them in a cache that is emptied before the session is logged off.
//
// Ownership always leaves the local smart pointer INSIDE a call argument:
//   CHK_HR(m_cache.Add(spStore.Detach()));
//   CHK_HR(m_cache.Add(upFolder.release()));
//   return new CSessionOwner(spSession.Detach());
//   return Adopt(spSession.Detach(), ppOwner);
// The locals are empty when their scope ends, so nothing is released after Logoff.
#include <windows.h>
#include <stdio.h>
#include <memory>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)
#define MAX_CACHED 8

struct ComReleaser { void operator()(IUnknown* p) const { if (p) p->Release(); } };
typedef std::unique_ptr<IMAPIFolder, ComReleaser> FolderPtr;

static const SizedSPropTagArray(1, sptEID) = { 1, { PR_ENTRYID } };

class CObjectCache
{
public:
    CObjectCache() : m_c(0) {}
    ~CObjectCache() { Clear(); }
    // Takes the reference, also on failure.
    HRESULT Add(IUnknown* pUnk)
    {
        if (m_c == MAX_CACHED)
        {
            pUnk->Release();
            return MAPI_E_NOT_ENOUGH_RESOURCES;
        }
        m_rg[m_c++] = pUnk;
        return S_OK;
    }
    void Clear()
    {
        while (m_c > 0)
            m_rg[--m_c]->Release();
    }
private:
    IUnknown* m_rg[MAX_CACHED];
    ULONG m_c;
};

class CSessionOwner
{
public:
    explicit CSessionOwner(IMAPISession* lpSession) : m_lpSession(lpSession) {}
    ~CSessionOwner() { Shutdown(); }
    IMAPISession* Session() const { return m_lpSession; }

    // Opens the store and its root folder into the cache, reports, and shuts down.
    HRESULT RunOnce()
    {
        HRESULT hr = S_OK;
        CComPtr<IMAPITable> spStores;
        CComPtr<IMsgStore> spStore;
        LPSRowSet pRows = NULL;
        ULONG ulType = 0;

        CHK_HR(m_lpSession->GetMsgStoresTable(0, &spStores));
        CHK_HR(HrQueryAllRows(spStores, (LPSPropTagArray)&sptEID, NULL, NULL, 1, &pRows));
        if (pRows->cRows == 0)
        {
            hr = MAPI_E_NOT_FOUND;
            goto Cleanup;
        }
        CHK_HR(m_lpSession->OpenMsgStore(0, pRows->aRow[0].lpProps[0].Value.bin.cb,
                                         (LPENTRYID)pRows->aRow[0].lpProps[0].Value.bin.lpb,
                                         NULL, MDB_NO_DIALOG, &spStore));
        {
            IMAPIFolder* lpRoot = NULL;
            CHK_HR(spStore->OpenEntry(0, NULL, NULL, 0, &ulType, (LPUNKNOWN*)&lpRoot));
            FolderPtr upRoot(lpRoot);
            CHK_HR(m_cache.Add(upRoot.release()));
        }
        CHK_HR(m_cache.Add(spStore.Detach()));
        wprintf(L"cache warmed\n");
        FreeProws(pRows);
        pRows = NULL;
        spStores.Release();
        Shutdown();                 // empties the cache, then logs off
    Cleanup:
        FreeProws(pRows);
        return hr;
    }   // spStore and upRoot are empty, spStores was released before Shutdown

    void Shutdown()
    {
        m_cache.Clear();
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
            m_lpSession = NULL;
        }
    }
private:
    IMAPISession* m_lpSession;
    CObjectCache  m_cache;
};

static CSessionOwner* LogonOwner(LPCWSTR pszProfile)
{
    CComPtr<IMAPISession> spSession;
    if (FAILED(MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &spSession)))
        return NULL;
    return new CSessionOwner(spSession.Detach());
}

static HRESULT Adopt(IMAPISession* lpSession, CSessionOwner** ppOwner)
{
    *ppOwner = new CSessionOwner(lpSession);
    return S_OK;
}

static HRESULT LogonDefault(CSessionOwner** ppOwner)
{
    CComPtr<IMAPISession> spSession;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION,
                             &spSession);
    if (FAILED(hr))
        return hr;
    return Adopt(spSession.Detach(), ppOwner);
}

int wmain(int argc, wchar_t** argv)
{
    if (argc > 2)
    {
        wprintf(L"usage: %ls [profile]\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    CSessionOwner* pOwner = NULL;
    if (argc == 2)
        pOwner = LogonOwner(argv[1]);
    else if (FAILED(LogonDefault(&pOwner)))
        pOwner = NULL;
    if (pOwner)
    {
        pOwner->RunOnce();
        delete pOwner;
    }
    MAPIUninitialize();
    return 0;
}
