// folderdump.cpp - lists the top-level folders of the default message store.
//
// CFolderDumper keeps its session, store and IPM subtree in CComPtr members. The members
// would only be destroyed after the destructor body, i.e. after a Logoff written there, so
// the destructor releases them explicitly first. The session pointer itself is released by
// its member destructor after Logoff, which is the prescribed order.

#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CFolderDumper
{
public:
    CFolderDumper() {}
    ~CFolderDumper();

    HRESULT Logon(LPCWSTR pszProfile);
    HRESULT OpenStore();
    HRESULT OpenSubtree();
    HRESULT DumpChildren();

private:
    CComPtr<IMAPISession> m_spSession;
    CComPtr<IMsgStore>    m_spStore;
    CComPtr<IMAPIFolder>  m_spSubtree;
};

CFolderDumper::~CFolderDumper()
{
    // Release everything opened from the session before logging off.
    m_spSubtree.Release();
    m_spStore.Release();
    if (m_spSession)
        m_spSession->Logoff(0, 0, 0);
    // m_spSession is released by its own destructor, after Logoff.
}

HRESULT CFolderDumper::Logon(LPCWSTR pszProfile)
{
    return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                       MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | (pszProfile ? 0 : MAPI_USE_DEFAULT),
                       &m_spSession);
}

HRESULT CFolderDumper::OpenStore()
{
    HRESULT hr = S_OK;
    CComPtr<IMAPITable> spStores;
    LPSRowSet pRows = NULL;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    CHK_HR(m_spSession->GetMsgStoresTable(0, &spStores));
    CHK_HR(HrQueryAllRows(spStores, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &pRows));
    for (ULONG i = 0; i < pRows->cRows && !m_spStore; i++)
    {
        LPSPropValue pCols = pRows->aRow[i].lpProps;
        if (pCols[1].ulPropTag != PR_DEFAULT_STORE || !pCols[1].Value.b)
            continue;
        CHK_HR(m_spSession->OpenMsgStore(0, pCols[0].Value.bin.cb, (LPENTRYID)pCols[0].Value.bin.lpb,
                                         NULL, MDB_NO_DIALOG, &m_spStore));
    }
    if (!m_spStore)
        hr = MAPI_E_NOT_FOUND;

Cleanup:
    FreeProws(pRows);
    return hr;
}

HRESULT CFolderDumper::OpenSubtree()
{
    HRESULT hr = S_OK;
    LPSPropValue pEID = NULL;
    ULONG ulType = 0;

    CHK_HR(HrGetOneProp(m_spStore, PR_IPM_SUBTREE_ENTRYID, &pEID));
    CHK_HR(m_spStore->OpenEntry(pEID->Value.bin.cb, (LPENTRYID)pEID->Value.bin.lpb, NULL, 0,
                                &ulType, (LPUNKNOWN*)&m_spSubtree));

Cleanup:
    MAPIFreeBuffer(pEID);
    return hr;
}

HRESULT CFolderDumper::DumpChildren()
{
    HRESULT hr = S_OK;
    CComPtr<IMAPITable> spHier;
    LPSRowSet pRows = NULL;
    static const SizedSPropTagArray(1, sptName) = { 1, { PR_DISPLAY_NAME_W } };

    CHK_HR(m_spSubtree->GetHierarchyTable(0, &spHier));
    CHK_HR(HrQueryAllRows(spHier, (LPSPropTagArray)&sptName, NULL, NULL, 0, &pRows));
    for (ULONG i = 0; i < pRows->cRows; i++)
    {
        LPSPropValue pName = pRows->aRow[i].lpProps;
        if (pName->ulPropTag == PR_DISPLAY_NAME_W)
            wprintf(L"  %s\n", pName->Value.lpszW);
    }

Cleanup:
    FreeProws(pRows);
    return hr;
}

static HRESULT DumpProfile(LPCWSTR pszProfile)
{
    HRESULT hr = S_OK;
    CFolderDumper dumper;

    CHK_HR(dumper.Logon(pszProfile));
    CHK_HR(dumper.OpenStore());
    CHK_HR(dumper.OpenSubtree());
    CHK_HR(dumper.DumpChildren());

Cleanup:
    if (FAILED(hr))
        wprintf(L"folderdump: error 0x%08lx\n", hr);
    return hr;
}   // dumper destroyed here, before the caller uninitializes MAPI

int wmain(int argc, wchar_t** argv)
{
    if (argc > 2 || (argc == 2 && wcscmp(argv[1], L"/?") == 0))
    {
        wprintf(L"usage: %s [profile]\n", argv[0]);
        return 2;
    }

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    hr = DumpProfile(argc == 2 ? argv[1] : NULL);

    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
