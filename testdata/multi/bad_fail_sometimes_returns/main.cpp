// archiver: moves old messages of the Inbox to an archive folder.
// The author wrote "Fail(...); return 1;" as if Fail always exited. With
// --keep-going it returns, and those returns leave the session and MAPI held.
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <mapix.h>
#include <mapiutil.h>

extern bool g_fKeepGoing;
void Fail(HRESULT hr, const char* what);
ULONG ErrorCount();

static HRESULT ArchiveOld(LPMDB lpMDB, LPMAPIFOLDER lpInbox, LPMAPIFOLDER lpArchive)
{
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(1, sptCols) = { 1, { PR_ENTRYID } };
    HRESULT hr = lpInbox->GetContentsTable(0, &lpTable);
    if (FAILED(hr))
        return hr;
    hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows);
    if (SUCCEEDED(hr))
    {
        ENTRYLIST el = { 0, NULL };
        printf("%lu candidate messages\n", lpRows->cRows);
        // (selection of the old ones elided: everything is archived in this sample)
        hr = MAPIAllocateBuffer(sizeof(SBinary) * (lpRows->cRows + 1), (LPVOID*)&el.lpbin);
        if (SUCCEEDED(hr))
        {
            for (ULONG i = 0; i < lpRows->cRows; i++)
                el.lpbin[el.cValues++] = lpRows->aRow[i].lpProps[0].Value.bin;
            hr = lpInbox->CopyMessages(&el, NULL, lpArchive, 0, NULL, MESSAGE_MOVE);
            MAPIFreeBuffer(el.lpbin);
        }
        FreeProws(lpRows);
    }
    lpTable->Release();
    return hr;
}

int main(int argc, char** argv)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpInbox = NULL;
    LPMAPIFOLDER lpArchive = NULL;
    ULONG cbEID = 0, ulType = 0;
    LPENTRYID lpEID = NULL;

    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--keep-going") == 0)
            g_fKeepGoing = true;

    hr = MAPIInitialize(NULL); //~ unmatched-mapi-initialize
    if (FAILED(hr))
    {
        Fail(hr, "MAPIInitialize");
        return 1;                          // nothing held: correct either way
    }

    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession); //~ session-not-released
    if (FAILED(hr))
    {
        Fail(hr, "MAPILogonEx");
        MAPIUninitialize();
        return 1;
    }

    hr = HrOpenDefaultMsgStore(lpSession, &lpMDB);   // project helper, body not scanned
    if (FAILED(hr))
    {
        Fail(hr, "opening the default store");
        return 1;                          // with --keep-going: session and MAPI left held
    }

    hr = lpMDB->GetReceiveFolder((LPTSTR)"IPM.Note", 0, &cbEID, &lpEID, NULL);
    if (SUCCEEDED(hr))
    {
        hr = lpMDB->OpenEntry(cbEID, lpEID, NULL, MAPI_MODIFY, &ulType, (LPUNKNOWN*)&lpInbox);
        MAPIFreeBuffer(lpEID);
    }
    if (SUCCEEDED(hr))
        hr = lpInbox->CreateFolder(FOLDER_GENERIC, (LPTSTR)"Archive", NULL, NULL, OPEN_IF_EXISTS, &lpArchive);
    if (SUCCEEDED(hr))
        hr = ArchiveOld(lpMDB, lpInbox, lpArchive);
    if (FAILED(hr))
        Fail(hr, "archiving");             // may return: the cleanup below then runs

    if (lpArchive) lpArchive->Release();
    if (lpInbox) lpInbox->Release();
    lpMDB->Release();
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    MAPIUninitialize();
    printf("%lu error(s)\n", ErrorCount());
    return ErrorCount() ? 1 : 0;
}
