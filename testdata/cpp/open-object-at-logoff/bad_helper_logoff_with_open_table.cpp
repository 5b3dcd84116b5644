// outboxcheck.cpp - reports how many messages are waiting in the Outbox of the default
// store, and lists the status rows of the session.
//
// Bugs:
//  * CheckOutbox calls EndSession(lpSession) while it still holds lpStatus (released only
//    in Cleanup, after the helper logged the session off);
//  * ListStatus returns from inside the guard's scope with lpRows' table still open: the
//    guard's destructor logs off at that return, before the table is released.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static const SizedSPropTagArray(1, sptStatus) = { 1, { PR_DISPLAY_NAME_W } };

// Logs off and releases the session it is given.
static void EndSession(LPMAPISESSION lpSession)
{
    HRESULT hr = lpSession->Logoff(0, 0, 0);
    if (FAILED(hr))
        wprintf(L"Logoff: 0x%08lx\n", hr);
    lpSession->Release();
}

class CAutoLogon
{
public:
    CAutoLogon() : m_lpSession(NULL) {}
    ~CAutoLogon() { if (m_lpSession) EndSession(m_lpSession); }
    HRESULT Open()
    {
        return MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION,
                           &m_lpSession);
    }
    LPMAPISESSION Get() const { return m_lpSession; }
private:
    LPMAPISESSION m_lpSession;
};

static HRESULT CheckOutbox()
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMAPITABLE lpStatus = NULL;
    ULONG cRows = 0;

    CHK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION,
                       &lpSession));
    CHK_HR(lpSession->GetStatusTable(0, &lpStatus)); //~ open-object-at-logoff
    CHK_HR(lpStatus->GetRowCount(0, &cRows));
    wprintf(L"%lu status rows\n", cRows);
    EndSession(lpSession);          // BUG: lpStatus is still open
    lpSession = NULL;

Cleanup:
    if (lpStatus)
        lpStatus->Release();
    if (lpSession)
        EndSession(lpSession);
    return hr;
}

static HRESULT ListStatus(BOOL fVerbose)
{
    HRESULT hr = S_OK;
    CAutoLogon logon;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet pRows = NULL;

    CHK_HR(logon.Open());
    CHK_HR(logon.Get()->GetStatusTable(0, &lpTable)); //~ open-object-at-logoff
    CHK_HR(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptStatus, NULL, NULL, 0, &pRows));
    if (pRows->cRows == 0)
    {
        FreeProws(pRows);
        return MAPI_E_NOT_FOUND;    // BUG: lpTable still open when logon logs off
    }
    for (ULONG i = 0; fVerbose && i < pRows->cRows; i++)
        wprintf(L"  %ls\n", pRows->aRow[i].lpProps[0].Value.lpszW);

Cleanup:
    FreeProws(pRows);
    if (lpTable)
        lpTable->Release();
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    BOOL fVerbose = argc > 1 && wcscmp(argv[1], L"-v") == 0;
    if (argc > 2)
    {
        wprintf(L"usage: %ls [-v]\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    HRESULT hr = CheckOutbox();
    if (SUCCEEDED(hr))
        hr = ListStatus(fVerbose);
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
