// countunread.cpp - prints the unread count of every folder directly under the IPM
// subtree. A guard logs the session off at the end of Run(); every object is gone first:
// the CComPtrs are declared after the guard (destroyed before it), and the raw pointers are
// released on each return path.
//
// Usage: countunread <profile>
#include <windows.h>
#include <atlbase.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

class CSessionGuard
{
public:
    explicit CSessionGuard(LPMAPISESSION lpSession) : m_lpSession(lpSession) {}
    ~CSessionGuard()
    {
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
        }
    }
private:
    LPMAPISESSION m_lpSession;
};

// Opens the subtree root with raw pointers; releases what it opened on every error path.
static HRESULT ListChildren(LPMDB lpMDB, LPMAPIFOLDER lpRoot)
{
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(2, sptaCols) = { 2, { PR_DISPLAY_NAME_A, PR_CONTENT_UNREAD } };

    HRESULT hr = lpRoot->GetHierarchyTable(0, &lpTable);
    if (FAILED(hr))
        return hr;
    hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&sptaCols, NULL, NULL, 0, &lpRows);
    if (FAILED(hr))
    {
        lpTable->Release();
        return hr;
    }
    for (ULONG i = 0; i < lpRows->cRows; i++)
    {
        LPSPropValue lpCols = lpRows->aRow[i].lpProps;
        printf("%-30s %ld\n", lpCols[0].ulPropTag == PR_DISPLAY_NAME_A ? lpCols[0].Value.lpszA : "?",
            lpCols[1].ulPropTag == PR_CONTENT_UNREAD ? lpCols[1].Value.l : 0L);
    }
    FreeProws(lpRows);
    lpTable->Release();
    return S_OK;
}

static HRESULT Run(LPCSTR pszProfile)
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession);
    if (FAILED(hr))
    {
        printf("MAPILogonEx: 0x%08lx\n", hr);
        return hr;
    }
    CSessionGuard guard(lpSession);

    // Declared after the guard: released before the guard's destructor logs off.
    CComPtr<IMsgStore> spMDB;
    hr = lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_NO_DIALOG, &spMDB);
    if (FAILED(hr))
        return hr;

    LPSPropValue lpRootEID = NULL;
    hr = HrGetOneProp(spMDB, PR_IPM_SUBTREE_ENTRYID, &lpRootEID);
    if (FAILED(hr))
        return hr;

    LPMAPIFOLDER lpRoot = NULL;
    ULONG ulType = 0;
    hr = spMDB->OpenEntry(lpRootEID->Value.bin.cb, (LPENTRYID)lpRootEID->Value.bin.lpb, NULL, 0, &ulType, (LPUNKNOWN*)&lpRoot);
    MAPIFreeBuffer(lpRootEID);
    if (FAILED(hr))
        return hr;
    if (ulType != MAPI_FOLDER)
    {
        lpRoot->Release();
        return MAPI_E_INVALID_OBJECT;
    }

    hr = ListChildren(spMDB, lpRoot);
    lpRoot->Release();
    if (FAILED(hr))
        return hr;

    // An address book held only inside this block.
    {
        CComPtr<IAddrBook> spAB;
        if (SUCCEEDED(lpSession->OpenAddressBook(0, NULL, AB_NO_DIALOG, &spAB)))
            printf("address book available\n");
    }
    return S_OK;
}

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        printf("usage: %s <profile>\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    HRESULT hr = Run(argv[1]);
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
