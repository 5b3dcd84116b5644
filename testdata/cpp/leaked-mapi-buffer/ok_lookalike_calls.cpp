// bodyexport.cpp - saves the body of the first message in the root folder of the default
// store to a compound file. It calls several methods that SHARE a name with the MAPI
// calls whose outputs must be freed, but allocate nothing:
//  * IStream::CopyTo(pstm, cb, &cbRead, &cbWritten) and IStorage::CopyTo(...) write byte
//    counts, not problem arrays;
//  * CExportLog::GetLastError(hr, flags, &pszText) hands out a pointer to a static string;
//  * CColumnSet::GetPropList(flags, &lpTags) hands out its own member array (borrowed);
//  * ::GetLastError() is the Win32 call.
#include <windows.h>
#include <stdio.h>
#include <objbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CExportLog
{
public:
    CExportLog() : m_hrLast(S_OK) {}
    void Record(HRESULT hr) { m_hrLast = hr; }
    // Text for the last recorded error; the string is static, the caller must not free it.
    HRESULT GetLastError(HRESULT hr, ULONG ulFlags, LPCWSTR* ppszText)
    {
        (void)ulFlags;
        *ppszText = (hr == MAPI_E_NOT_FOUND) ? L"not found" : L"export failed";
        return S_OK;
    }
    HRESULT Last() const { return m_hrLast; }
private:
    HRESULT m_hrLast;
};

class CColumnSet
{
public:
    CColumnSet() { m_tags.cValues = 2; m_tags.aulPropTag[0] = PR_SUBJECT_W; m_tags.aulPropTag[1] = PR_ENTRYID; }
    // Borrowed: points into the object.
    HRESULT GetPropList(ULONG ulFlags, LPSPropTagArray* lppTags)
    {
        (void)ulFlags;
        *lppTags = (LPSPropTagArray)&m_tags;
        return S_OK;
    }
private:
    SizedSPropTagArray(2, m_tags);
};

static HRESULT SaveBody(LPMESSAGE lpMsg, LPCWSTR pszFile, CExportLog* pLog)
{
    HRESULT hr = S_OK;
    LPSTREAM lpBody = NULL;
    IStorage* pStg = NULL;
    IStorage* pCopy = NULL;
    IStream* pOut = NULL;
    ULARGE_INTEGER cbAll, cbRead, cbWritten;

    CHK_HR(lpMsg->OpenProperty(PR_BODY_W, &IID_IStream, STGM_READ, 0, (LPUNKNOWN*)&lpBody));
    CHK_HR(StgCreateDocfile(pszFile, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, &pStg));
    CHK_HR(pStg->CreateStream(L"Body", STGM_CREATE | STGM_WRITE | STGM_SHARE_EXCLUSIVE, 0, 0, &pOut));
    cbAll.QuadPart = (ULONGLONG)-1;
    CHK_HR(lpBody->CopyTo(pOut, cbAll, &cbRead, &cbWritten));
    wprintf(L"%I64u bytes written\n", cbWritten.QuadPart);
    CHK_HR(StgCreateDocfile(NULL, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE | STGM_DELETEONRELEASE, 0, &pCopy));
    CHK_HR(pStg->CopyTo(0, NULL, NULL, pCopy));

Cleanup:
    if (FAILED(hr))
        pLog->Record(hr);
    if (pCopy) pCopy->Release();
    if (pOut) pOut->Release();
    if (pStg) pStg->Release();
    if (lpBody) lpBody->Release();
    return hr;
}

static HRESULT ExportFirst(LPCWSTR pszFile, CExportLog* pLog)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpRoot = NULL;
    LPMAPITABLE lpContents = NULL;
    LPMESSAGE lpMsg = NULL;
    LPSRowSet pRows = NULL;
    LPSPropTagArray lpCols = NULL;
    CColumnSet cols;
    ULONG ulType = 0;

    CHK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &lpSession));
    CHK_HR(lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_NO_DIALOG, &lpMDB));
    CHK_HR(lpMDB->OpenEntry(0, NULL, NULL, 0, &ulType, (LPUNKNOWN*)&lpRoot));
    CHK_HR(lpRoot->GetContentsTable(MAPI_UNICODE, &lpContents));
    CHK_HR(cols.GetPropList(0, &lpCols));
    CHK_HR(lpContents->SetColumns(lpCols, 0));
    CHK_HR(lpContents->QueryRows(1, 0, &pRows));
    if (pRows->cRows == 0)
    {
        hr = MAPI_E_NOT_FOUND;
        goto Cleanup;
    }
    CHK_HR(lpMDB->OpenEntry(pRows->aRow[0].lpProps[1].Value.bin.cb,
                            (LPENTRYID)pRows->aRow[0].lpProps[1].Value.bin.lpb,
                            NULL, 0, &ulType, (LPUNKNOWN*)&lpMsg));
    CHK_HR(SaveBody(lpMsg, pszFile, pLog));

Cleanup:
    if (FAILED(hr))
        pLog->Record(hr);
    FreeProws(pRows);
    if (lpMsg) lpMsg->Release();
    if (lpContents) lpContents->Release();
    if (lpRoot) lpRoot->Release();
    if (lpMDB) lpMDB->Release();
    if (lpSession)
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    CExportLog log;
    if (argc != 2)
    {
        wprintf(L"usage: %ls file.stg\n", argv[0]);
        return 2;
    }
    if (GetFileAttributesW(argv[1]) != INVALID_FILE_ATTRIBUTES)
        wprintf(L"overwriting %ls\n", argv[1]);
    else if (::GetLastError() != ERROR_FILE_NOT_FOUND)
        wprintf(L"cannot check %ls (%lu)\n", argv[1], ::GetLastError());
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    HRESULT hr = ExportFirst(argv[1], &log);
    MAPIUninitialize();
    if (FAILED(hr))
    {
        LPCWSTR pszText = NULL;
        log.GetLastError(log.Last(), 0, &pszText);
        wprintf(L"error: %ls\n", pszText);
        return 1;
    }
    return 0;
}
