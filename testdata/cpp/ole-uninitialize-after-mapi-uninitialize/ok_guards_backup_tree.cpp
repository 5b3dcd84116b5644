// pstbackup.cpp - write a manifest of every folder (name, item count) of the
// default store, recursing through the hierarchy.  RAII guards own the
// subsystems; OLE is started after MAPI so that it is torn down first.
#include <windows.h>
#include <atlbase.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define IfFailRet(x) do { HRESULT _hr = (x); if (FAILED(_hr)) return _hr; } while (0)

class CMapiInit
{
public:
    CMapiInit() { m_hr = MAPIInitialize(NULL); }
    ~CMapiInit() { if (SUCCEEDED(m_hr)) MAPIUninitialize(); }
    HRESULT Result() const { return m_hr; }
private:
    HRESULT m_hr;
};

class COleInit
{
public:
    COleInit() { m_hr = OleInitialize(NULL); }
    ~COleInit() { if (SUCCEEDED(m_hr)) OleUninitialize(); }
    HRESULT Result() const { return m_hr; }
private:
    HRESULT m_hr;
};

// Frees a row set whatever way the scope is left.
class CRowSet
{
public:
    CRowSet() : m_p(NULL) {}
    ~CRowSet() { if (m_p) FreeProws(m_p); }
    LPSRowSet* operator&() { return &m_p; }
    LPSRowSet operator->() const { return m_p; }
private:
    LPSRowSet m_p;
};

enum { iEid, iName, iCount, iSub, cCols };
static const SizedSPropTagArray(cCols, s_cols) = { cCols,
    { PR_ENTRYID, PR_DISPLAY_NAME_W, PR_CONTENT_COUNT, PR_SUBFOLDERS } };

static HRESULT DumpFolder(IMsgStore* pStore, const SBinary& eid, FILE* out, int depth)
{
    CComPtr<IMAPIFolder> spFolder;
    CComPtr<IMAPITable> spHier;
    ULONG ulType = 0;

    IfFailRet(pStore->OpenEntry(eid.cb, (LPENTRYID)eid.lpb, &IID_IMAPIFolder, 0,
                                &ulType, (LPUNKNOWN*)&spFolder));
    IfFailRet(spFolder->GetHierarchyTable(MAPI_UNICODE, &spHier));

    CRowSet rows;
    IfFailRet(HrQueryAllRows(spHier, (LPSPropTagArray)&s_cols, NULL, NULL, 0, &rows));
    for (ULONG i = 0; i < rows->cRows; i++)
    {
        const LPSPropValue p = rows->aRow[i].lpProps;
        fwprintf(out, L"%*s%ls (%ld)\n", depth * 2, L"",
                 p[iName].ulPropTag == PR_DISPLAY_NAME_W ? p[iName].Value.lpszW : L"?",
                 p[iCount].ulPropTag == PR_CONTENT_COUNT ? p[iCount].Value.l : -1L);
        if (p[iSub].ulPropTag == PR_SUBFOLDERS && p[iSub].Value.b)
            IfFailRet(DumpFolder(pStore, p[iEid].Value.bin, out, depth + 1));
    }
    return S_OK;
}

static HRESULT DumpDefaultStore(IMAPISession* pSession, FILE* out)
{
    CComPtr<IMAPITable> spStores;
    CComPtr<IMsgStore> spStore;
    CRowSet rows;
    SizedSPropTagArray(1, cols) = { 1, { PR_ENTRYID } };
    SPropValue spv;
    SRestriction res;

    spv.ulPropTag = PR_DEFAULT_STORE;
    spv.Value.b = TRUE;
    res.rt = RES_PROPERTY;
    res.res.resProperty.relop = RELOP_EQ;
    res.res.resProperty.ulPropTag = PR_DEFAULT_STORE;
    res.res.resProperty.lpProp = &spv;

    IfFailRet(pSession->GetMsgStoresTable(0, &spStores));
    IfFailRet(HrQueryAllRows(spStores, (LPSPropTagArray)&cols, &res, NULL, 1, &rows));
    if (rows->cRows != 1)
        return MAPI_E_NOT_FOUND;
    const SBinary& eid = rows->aRow[0].lpProps[0].Value.bin;
    IfFailRet(pSession->OpenMsgStore(0, eid.cb, (LPENTRYID)eid.lpb, NULL,
                                     MDB_NO_DIALOG | MAPI_BEST_ACCESS, &spStore));

    LPSPropValue lpRoot = NULL;
    IfFailRet(HrGetOneProp(spStore, PR_IPM_SUBTREE_ENTRYID, &lpRoot));
    HRESULT hr = DumpFolder(spStore, lpRoot->Value.bin, out, 0);
    MAPIFreeBuffer(lpRoot);
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    FILE* out = argc > 1 ? _wfopen(argv[1], L"w") : stdout;
    if (!out)
        return 2;

    CMapiInit mapi;
    if (FAILED(mapi.Result()))
        return 1;
    COleInit ole;          // destroyed before `mapi`
    if (FAILED(ole.Result()))
        return 1;

    CComPtr<IMAPISession> spSession;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_UNICODE,
                             &spSession);
    if (FAILED(hr))
    {
        fwprintf(stderr, L"logon failed: 0x%08X\n", hr);
        return 1;
    }

    // Every store/table/folder pointer lives inside DumpDefaultStore and is
    // released before we get back here.
    hr = DumpDefaultStore(spSession, out);
    if (FAILED(hr))
        fwprintf(stderr, L"dump failed: 0x%08X\n", hr);

    spSession->Logoff(0, 0, 0);
    spSession.Release();
    if (out != stdout)
        fclose(out);
    return FAILED(hr) ? 1 : 0;
}
