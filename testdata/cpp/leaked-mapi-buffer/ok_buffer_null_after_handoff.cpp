// eidcache.cpp - caches the entry IDs of the special folders of the default store and
// prints the folder names through the cache.
//
// All the `p = NULL;` below follow a hand-off, never a leak:
//  * CEidCache::Adopt(lpProp) takes the buffer (freed in Clear(), before Logoff);
//  * *lppEID = lpEID hands the GetReceiveFolder buffer to the caller;
//  * pInfo->lpProps = lpProps puts it into a FOLDERINFO freed by FreeFolderInfo();
//  * upName.reset(lpName) puts it into a unique_ptr whose deleter is MAPIFreeBuffer;
//  * spSession.Attach(lpSession) gives the raw session to a CComPtr;
//  * after a failed HrGetOneProp the local is cleared (nothing was allocated).
#include <windows.h>
#include <stdio.h>
#include <memory>
#include <vector>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

struct MapiFreeDeleter { void operator()(void* pv) const { MAPIFreeBuffer(pv); } };
typedef std::unique_ptr<SPropValue, MapiFreeDeleter> PropPtr;

struct FOLDERINFO
{
    ULONG cValues;
    LPSPropValue lpProps;
};

static void FreeFolderInfo(FOLDERINFO* pInfo)
{
    MAPIFreeBuffer(pInfo->lpProps);
    pInfo->lpProps = NULL;
}

class CEidCache
{
public:
    ~CEidCache() { Clear(); }
    void Adopt(LPSPropValue lpProp) { m_props.push_back(lpProp); }
    void Clear()
    {
        for (size_t i = 0; i < m_props.size(); i++)
            MAPIFreeBuffer(m_props[i]);
        m_props.clear();
    }
    size_t Count() const { return m_props.size(); }
private:
    std::vector<LPSPropValue> m_props;
};

static HRESULT CacheSpecialFolders(LPMDB lpMDB, CEidCache* pCache)
{
    static const ULONG rgTags[] = { PR_IPM_SUBTREE_ENTRYID, PR_IPM_OUTBOX_ENTRYID,
                                    PR_IPM_SENTMAIL_ENTRYID, PR_IPM_WASTEBASKET_ENTRYID };
    for (ULONG i = 0; i < sizeof(rgTags) / sizeof(rgTags[0]); i++)
    {
        LPSPropValue lpProp = NULL;
        HRESULT hr = HrGetOneProp(lpMDB, rgTags[i], &lpProp);
        if (FAILED(hr))
        {
            lpProp = NULL;          // nothing was allocated
            continue;
        }
        pCache->Adopt(lpProp);
        lpProp = NULL;              // the cache frees it
    }
    return pCache->Count() ? S_OK : MAPI_E_NOT_FOUND;
}

static HRESULT GetInboxEID(LPMDB lpMDB, ULONG* pcbEID, LPENTRYID* lppEID)
{
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;
    HRESULT hr = lpMDB->GetReceiveFolder((LPTSTR)"IPM.Note", 0, &cbEID, &lpEID, NULL);
    if (FAILED(hr))
        return hr;
    *pcbEID = cbEID;
    *lppEID = lpEID;
    lpEID = NULL;                   // the caller's now
    return S_OK;
}

static HRESULT ReadFolderInfo(LPMAPIFOLDER lpFolder, FOLDERINFO* pInfo)
{
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_DISPLAY_NAME_W, PR_CONTENT_COUNT } };
    LPSPropValue lpProps = NULL;
    ULONG cValues = 0;
    HRESULT hr = lpFolder->GetProps((LPSPropTagArray)&sptCols, MAPI_UNICODE, &cValues, &lpProps);
    if (FAILED(hr))
        return hr;
    pInfo->cValues = cValues;
    pInfo->lpProps = lpProps;
    lpProps = NULL;
    return S_OK;
}

static HRESULT Run()
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    CComPtr<IMAPISession> spSession;
    CComPtr<IMsgStore> spMDB;
    CComPtr<IMAPIFolder> spInbox;
    CEidCache cache;
    ULONG cbInbox = 0, ulType = 0;
    LPENTRYID lpInbox = NULL;
    FOLDERINFO info = { 0, NULL };
    PropPtr upName;
    LPSPropValue lpName = NULL;

    CHK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &lpSession));
    spSession.Attach(lpSession);
    lpSession = NULL;               // spSession owns it
    CHK_HR(spSession->OpenMsgStore(0, 0, NULL, NULL, MDB_NO_DIALOG, &spMDB));
    CHK_HR(CacheSpecialFolders(spMDB, &cache));
    CHK_HR(GetInboxEID(spMDB, &cbInbox, &lpInbox));
    CHK_HR(spMDB->OpenEntry(cbInbox, lpInbox, NULL, 0, &ulType, (LPUNKNOWN*)&spInbox));
    CHK_HR(ReadFolderInfo(spInbox, &info));
    CHK_HR(HrGetOneProp(spMDB, PR_DISPLAY_NAME_W, &lpName));
    upName.reset(lpName);
    lpName = NULL;
    wprintf(L"%ls: %lu special folders cached, Inbox has %ld items\n", upName->Value.lpszW,
            (ULONG)cache.Count(), info.lpProps[1].Value.l);

Cleanup:
    upName.reset();
    FreeFolderInfo(&info);
    MAPIFreeBuffer(lpInbox);
    cache.Clear();
    spInbox.Release();
    spMDB.Release();
    if (spSession)
        spSession->Logoff(0, 0, 0);
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    (void)argv;
    if (argc != 1)
    {
        wprintf(L"usage: eidcache\n");
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    HRESULT hr = Run();
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
