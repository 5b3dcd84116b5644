// recent.cpp - prints the subjects of the ten most recent messages in Sent Items.
// MAPI buffers are owned by small RAII wrappers: nothing is freed by hand.
//
// Usage: recent <profile>
#include <windows.h>
#include <stdio.h>
#include <memory>
#include <mapix.h>
#include <mapiutil.h>

// Owns one MAPIAllocateBuffer allocation; &buf hands its slot to an out-parameter.
template <typename T> class CMapiBuf
{
public:
    CMapiBuf() : m_p(NULL) {}
    ~CMapiBuf() { MAPIFreeBuffer(m_p); }
    T** operator&() { MAPIFreeBuffer(m_p); m_p = NULL; return &m_p; }
    T* operator->() const { return m_p; }
    T* get() const { return m_p; }
    T* Detach() { T* p = m_p; m_p = NULL; return p; }
private:
    CMapiBuf(const CMapiBuf&);
    CMapiBuf& operator=(const CMapiBuf&);
    T* m_p;
};

// Owns a row set.
class CRows
{
public:
    CRows() : m_p(NULL) {}
    ~CRows() { if (m_p) FreeProws(m_p); }
    LPSRowSet* operator&() { return &m_p; }
    LPSRowSet operator->() const { return m_p; }
private:
    LPSRowSet m_p;
};

struct MapiDeleter
{
    void operator()(void* p) const { MAPIFreeBuffer(p); }
};
typedef std::unique_ptr<SPropValue, MapiDeleter> PropPtr;

static HRESULT OpenSentItems(LPMDB lpMDB, LPMAPIFOLDER* lppFolder)
{
    CMapiBuf<SPropValue> eid;
    ULONG ulType = 0;
    HRESULT hr = HrGetOneProp(lpMDB, PR_IPM_SENTMAIL_ENTRYID, &eid);
    if (FAILED(hr))
        return hr;          // eid frees nothing: nothing was allocated
    if (eid->Value.bin.cb == 0)
        return MAPI_E_NOT_FOUND;  // eid's destructor frees the empty property
    return lpMDB->OpenEntry(eid->Value.bin.cb, (LPENTRYID)eid->Value.bin.lpb, NULL, 0, &ulType, (LPUNKNOWN*)lppFolder);
}

static HRESULT PrintRecent(LPMAPIFOLDER lpFolder)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    CRows rows;
    SizedSPropTagArray(1, sptaCols) = { 1, { PR_SUBJECT_A } };
    SizedSSortOrderSet(1, sosDesc) = { 1, 0, 0, { { PR_CLIENT_SUBMIT_TIME, TABLE_SORT_DESCEND } } };

    hr = lpFolder->GetContentsTable(0, &lpTable);
    if (FAILED(hr))
        return hr;
    hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&sptaCols, NULL, (LPSSortOrderSet)&sosDesc, 10, &rows);
    lpTable->Release();
    if (FAILED(hr))
        return hr;
    for (ULONG i = 0; i < rows->cRows; i++)
    {
        const SPropValue& col = rows->aRow[i].lpProps[0];
        printf("%2lu. %s\n", i + 1, col.ulPropTag == PR_SUBJECT_A ? col.Value.lpszA : "(none)");
    }
    return S_OK;
}

static HRESULT PrintStoreName(LPMDB lpMDB)
{
    LPSPropValue lpRaw = NULL;
    HRESULT hr = HrGetOneProp(lpMDB, PR_DISPLAY_NAME_A, &lpRaw);
    if (FAILED(hr))
        return hr;
    PropPtr name(lpRaw);    // owned from here on
    if (name->Value.lpszA[0] == '\0')
        return MAPI_E_NOT_FOUND;
    printf("store: %s\n", name->Value.lpszA);
    return S_OK;
}

static HRESULT Run(LPMAPISESSION lpSession)
{
    HRESULT hr = S_OK;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpSent = NULL;

    hr = lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_NO_DIALOG, &lpMDB);
    if (FAILED(hr))
        return hr;
    PrintStoreName(lpMDB);
    hr = OpenSentItems(lpMDB, &lpSent);
    if (SUCCEEDED(hr))
    {
        hr = PrintRecent(lpSent);
        lpSent->Release();
    }
    lpMDB->Release();
    return hr;
}

int main(int argc, char** argv)
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr;

    if (argc != 2)
    {
        printf("usage: %s <profile>\n", argv[0]);
        return 2;
    }
    hr = MAPIInitialize(NULL);
    if (FAILED(hr)) return 1;
    hr = MAPILogonEx(0, (LPTSTR)argv[1], NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession);
    if (SUCCEEDED(hr))
    {
        hr = Run(lpSession);
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
