// Background worker of a sync agent: each worker thread initializes MAPI for itself,
// logs on to the configured profile and counts the Inbox messages changed since the
// last run. Hard failures end the thread (_endthreadex / ExitThread): what is held
// there is not reported. The normal return path has to clean up, and leaks a buffer.
#include <windows.h>
#include <process.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

struct SYNC_JOB
{
    LPCSTR   pszProfile;
    FILETIME ftLastRun;
    ULONG    cChanged;
};

// Ends the calling thread: every path ends in ExitThread.
static void ThreadFail(LPCSTR pszWhat, HRESULT hr)
{
    fprintf(stderr, "[sync %lu] %s failed: 0x%08lx\n", GetCurrentThreadId(), pszWhat, hr);
    ExitThread(1);
}

static unsigned __stdcall SyncWorker(void* pv)
{
    SYNC_JOB* pJob = static_cast<SYNC_JOB*>(pv);
    MAPIINIT_0 init = { MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS };
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpInbox = NULL;
    LPMAPITABLE lpContents = NULL;
    LPSRowSet lpRows = NULL;
    ULONG cbEID = 0, ulType = 0;
    LPENTRYID lpEID = NULL;
    HRESULT hr;
    SizedSPropTagArray(1, sptCols) = { 1, { PR_ENTRYID } };

    hr = MAPIInitialize(&init);
    if (FAILED(hr))
        _endthreadex(2);

    hr = MAPILogonEx(0, (LPTSTR)pJob->pszProfile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession);
    if (FAILED(hr))
        _endthreadex(3);               // MAPI still initialized: the thread ends

    hr = HrOpenDefaultMsgStore(lpSession, &lpMDB);   // project helper, body not scanned
    if (FAILED(hr))
        ThreadFail("opening the store", hr);
    hr = lpMDB->GetReceiveFolder((LPTSTR)"IPM.Note", 0, &cbEID, &lpEID, NULL);
    if (FAILED(hr))
        ThreadFail("GetReceiveFolder", hr);
    hr = lpMDB->OpenEntry(cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpInbox);
    if (FAILED(hr))
        ThreadFail("opening the Inbox", hr);   // lpEID held: the thread ends
    MAPIFreeBuffer(lpEID);

    hr = lpInbox->GetContentsTable(0, &lpContents);
    if (FAILED(hr))
        ThreadFail("GetContentsTable", hr);
    hr = HrQueryAllRows(lpContents, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows);
    if (FAILED(hr))
        ThreadFail("HrQueryAllRows", hr);

    for (ULONG i = 0; i < lpRows->cRows; i++)
    {
        LPMESSAGE lpMsg = NULL;
        LPSPropValue lpTime = NULL;
        const SBinary& eid = lpRows->aRow[i].lpProps[0].Value.bin;

        hr = lpInbox->OpenEntry(eid.cb, (LPENTRYID)eid.lpb, NULL, 0, &ulType, (LPUNKNOWN*)&lpMsg);
        if (FAILED(hr))
            continue;
        hr = HrGetOneProp(lpMsg, PR_LAST_MODIFICATION_TIME, &lpTime); //~ leaked-mapi-buffer
        if (FAILED(hr))
        {
            lpMsg->Release();
            continue;
        }
        if (CompareFileTime(&lpTime->Value.ft, &pJob->ftLastRun) <= 0)
        {
            lpMsg->Release();
            continue;                  // unchanged message: lpTime is not freed
        }
        pJob->cChanged++;
        MAPIFreeBuffer(lpTime);
        lpMsg->Release();
    }

    FreeProws(lpRows);
    lpContents->Release();
    lpInbox->Release();
    lpMDB->Release();
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    MAPIUninitialize();
    return 0;
}

int main(int argc, char** argv)
{
    SYNC_JOB jobs[2] = {};
    HANDLE hThreads[2];
    int cJobs = argc > 2 ? 2 : 1;

    for (int i = 0; i < cJobs; i++)
    {
        jobs[i].pszProfile = argc > i + 1 ? argv[i + 1] : NULL;
        GetSystemTimeAsFileTime(&jobs[i].ftLastRun);
        jobs[i].ftLastRun.dwHighDateTime -= 200;   // about one day back
        hThreads[i] = (HANDLE)_beginthreadex(NULL, 0, SyncWorker, &jobs[i], 0, NULL);
    }
    WaitForMultipleObjects(cJobs, hThreads, TRUE, INFINITE);
    for (int i = 0; i < cJobs; i++)
    {
        printf("%s: %lu changed\n", jobs[i].pszProfile ? jobs[i].pszProfile : "(default)", jobs[i].cChanged);
        CloseHandle(hThreads[i]);
    }
    return 0;
}
