// lsfolders.cpp - lists the top-level folders of the default store.
//
// CMapiSession owns the session and logs off in its destructor. main() declares the
// wrapper in its own scope, next to the MAPIInitialize/MAPIUninitialize pair. On the normal
// path it calls Close() before MAPIUninitialize, so the destructor has nothing left to do.
//
// BUG: when the IPM subtree cannot be opened, main() uninitializes MAPI and returns with
// the session still open; ~CMapiSession then calls Logoff and Release at main's closing
// brace, after MAPIUninitialize.
#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CMapiSession
{
public:
    CMapiSession() : m_lpSession(NULL) {}
    ~CMapiSession() { Close(); }

    HRESULT Open(ULONG ulFlags)
    {
        return MAPILogonEx(0, NULL, NULL, ulFlags | MAPI_EXTENDED | MAPI_USE_DEFAULT, &m_lpSession);
    }

    void Close()
    {
        if (!m_lpSession)
            return;
        m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
        m_lpSession = NULL;
    }

    IMAPISession* operator->() const { return m_lpSession; }
    IMAPISession* Get() const { return m_lpSession; }

private:
    IMAPISession* m_lpSession;
};

// Opens the default store and its IPM subtree. Both out-parameters are released by the
// caller.
static HRESULT OpenSubtree(IMAPISession* lpSession, IMsgStore** lppMDB, IMAPIFolder** lppRoot)
{
    HRESULT hr = S_OK;
    CComPtr<IMAPITable> spTable;
    LPSRowSet lpRows = NULL;
    LPSPropValue lpSubtree = NULL;
    ULONG ulType = 0;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    *lppMDB = NULL;
    *lppRoot = NULL;
    CHK_HR(lpSession->GetMsgStoresTable(0, &spTable));
    CHK_HR(HrQueryAllRows(spTable, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows));
    hr = MAPI_E_NOT_FOUND;
    for (ULONG i = 0; i < lpRows->cRows; i++)
    {
        if (lpRows->aRow[i].lpProps[1].Value.b)
        {
            hr = lpSession->OpenMsgStore(0, lpRows->aRow[i].lpProps[0].Value.bin.cb,
                                         (LPENTRYID)lpRows->aRow[i].lpProps[0].Value.bin.lpb,
                                         NULL, MDB_NO_DIALOG, lppMDB);
            break;
        }
    }
    if (FAILED(hr))
        goto Cleanup;
    CHK_HR(HrGetOneProp(*lppMDB, PR_IPM_SUBTREE_ENTRYID, &lpSubtree));
    CHK_HR((*lppMDB)->OpenEntry(lpSubtree->Value.bin.cb, (LPENTRYID)lpSubtree->Value.bin.lpb,
                                NULL, 0, &ulType, (LPUNKNOWN*)lppRoot));

Cleanup:
    MAPIFreeBuffer(lpSubtree);
    FreeProws(lpRows);
    if (FAILED(hr) && *lppMDB)
    {
        (*lppMDB)->Release();
        *lppMDB = NULL;
    }
    return hr;
}

static void PrintChildren(IMAPIFolder* lpRoot)
{
    CComPtr<IMAPITable> spHier;
    LPSRowSet lpRows = NULL;
    static const SizedSPropTagArray(1, sptName) = { 1, { PR_DISPLAY_NAME_A } };

    if (FAILED(lpRoot->GetHierarchyTable(0, &spHier)))
        return;
    if (FAILED(HrQueryAllRows(spHier, (LPSPropTagArray)&sptName, NULL, NULL, 0, &lpRows)))
        return;
    for (ULONG i = 0; i < lpRows->cRows; i++)
        printf("  %s\n", lpRows->aRow[i].lpProps[0].Value.lpszA);
    FreeProws(lpRows);
}

int main(int argc, char** argv)
{
    ULONG ulFlags = 0;
    if (argc > 1 && strcmp(argv[1], "-i") == 0)
        ulFlags |= MAPI_LOGON_UI;

    CMapiSession session;
    IMsgStore* lpMDB = NULL;
    IMAPIFolder* lpRoot = NULL;

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;                        // session never opened: destructor does nothing

    hr = session.Open(ulFlags);
    if (FAILED(hr))
    {
        fprintf(stderr, "logon failed: 0x%08lx\n", (unsigned long)hr);
        MAPIUninitialize();
        return 1;
    }

    hr = OpenSubtree(session.Get(), &lpMDB, &lpRoot);
    if (FAILED(hr))
    {
        fprintf(stderr, "cannot open the folder tree: 0x%08lx\n", (unsigned long)hr);
        MAPIUninitialize();              // BUG: session still logged on
        return 1;
    }

    PrintChildren(lpRoot);
    lpRoot->Release();
    lpMDB->Release();

    session.Close();
    MAPIUninitialize();
    return 0;
} //~ use-after-mapi-uninitialize
