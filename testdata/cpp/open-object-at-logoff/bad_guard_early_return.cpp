// findsubject.cpp - logs on, looks for the first Inbox message whose subject starts with a
// prefix and prints its sender. The session is owned by a guard that logs off and releases
// it when the function returns; the raw objects opened from it must be released first.
//
// Usage: findsubject <profile> <prefix>
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <mapix.h>
#include <mapiutil.h>

// Logs the session off and releases it at scope end.
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
    CSessionGuard(const CSessionGuard&);
    CSessionGuard& operator=(const CSessionGuard&);
    LPMAPISESSION m_lpSession;
};

static void PrintSender(LPMESSAGE lpMsg)
{
    LPSPropValue lpFrom = NULL;
    if (SUCCEEDED(HrGetOneProp(lpMsg, PR_SENDER_NAME_A, &lpFrom)))
    {
        printf("from: %s\n", lpFrom->Value.lpszA);
        MAPIFreeBuffer(lpFrom);
    }
}

static HRESULT FindSubject(LPCSTR pszProfile, LPCSTR pszPrefix)
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession);
    if (FAILED(hr))
        return hr;
    CSessionGuard guard(lpSession);

    LPMDB lpMDB = NULL;
    hr = lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_NO_DIALOG, &lpMDB);
    if (FAILED(hr))
        return hr;

    ULONG cbInbox = 0, ulType = 0;
    LPENTRYID lpInboxEID = NULL;
    LPMAPIFOLDER lpInbox = NULL;
    hr = lpMDB->GetReceiveFolder(NULL, 0, &cbInbox, &lpInboxEID, NULL);
    if (SUCCEEDED(hr))
    {
        hr = lpMDB->OpenEntry(cbInbox, lpInboxEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpInbox);
        MAPIFreeBuffer(lpInboxEID);
    }
    if (FAILED(hr))
    {
        lpMDB->Release();
        return hr;
    }

    LPMAPITABLE lpTable = NULL;
    hr = lpInbox->GetContentsTable(0, &lpTable); //~ open-object-at-logoff
    if (FAILED(hr))
    {
        lpInbox->Release();
        lpMDB->Release();
        return hr;
    }
    ULONG cRows = 0;
    hr = lpTable->GetRowCount(0, &cRows);
    if (FAILED(hr) || cRows == 0)
    {
        printf("the Inbox is empty\n");
        lpInbox->Release();
        lpMDB->Release();
        return hr;  // BUG: lpTable is still open when the guard logs off
    }

    SizedSPropTagArray(2, sptaCols) = { 2, { PR_ENTRYID, PR_SUBJECT_A } };
    LPSRowSet lpRows = NULL;
    LPMESSAGE lpFound = NULL;
    hr = lpTable->SetColumns((LPSPropTagArray)&sptaCols, 0);
    while (SUCCEEDED(hr) && lpFound == NULL)
    {
        hr = lpTable->QueryRows(20, 0, &lpRows);
        if (FAILED(hr) || lpRows->cRows == 0)
            break;
        for (ULONG i = 0; i < lpRows->cRows; i++)
        {
            LPSPropValue lpCols = lpRows->aRow[i].lpProps;
            if (lpCols[1].ulPropTag != PR_SUBJECT_A || strncmp(lpCols[1].Value.lpszA, pszPrefix, strlen(pszPrefix)) != 0)
                continue;
            hr = lpMDB->OpenEntry(lpCols[0].Value.bin.cb, (LPENTRYID)lpCols[0].Value.bin.lpb, &IID_IMessage, 0, //~ open-object-at-logoff
                &ulType, (LPUNKNOWN*)&lpFound);
            break;
        }
        FreeProws(lpRows);
        lpRows = NULL;
    }
    if (lpRows)
        FreeProws(lpRows);

    if (lpFound)
        PrintSender(lpFound);   // BUG: lpFound is never released
    else
        printf("no match\n");
    lpTable->Release();
    lpInbox->Release();
    lpMDB->Release();
    return hr;
}

int main(int argc, char** argv)
{
    if (argc != 3)
    {
        printf("usage: %s <profile> <prefix>\n", argv[0]);
        return 2;
    }
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;
    hr = FindSubject(argv[1], argv[2]);
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
