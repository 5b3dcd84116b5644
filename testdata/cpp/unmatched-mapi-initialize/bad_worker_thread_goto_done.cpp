// multistat.cpp - checks several profiles in parallel, one worker thread per profile.
//
// Each worker initializes MAPI for itself (MAPI_MULTITHREAD_NOTIFICATIONS, as required for
// a thread that is not the one that created the process' first session) and uninitializes
// before it returns. main() only creates and joins the threads.
//
// BUGS in ProfileWorker:
//  * a failed MAPIInitialize jumps to Done, which calls MAPIUninitialize: one uninitialize
//    too many on that path;
//  * when the stores table cannot be read the worker logs off and jumps to Done past the
//    Release, so the session is never released.
#include <windows.h>
#include <process.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define MAX_WORKERS 16

struct WorkerArgs
{
    const char* pszProfile;
    ULONG       cStores;
    HRESULT     hrResult;
};

static void Report(const WorkerArgs* pArgs)
{
    if (SUCCEEDED(pArgs->hrResult))
        printf("%-24s %lu store(s)\n", pArgs->pszProfile, pArgs->cStores);
    else
        printf("%-24s error 0x%08lx\n", pArgs->pszProfile, (unsigned long)pArgs->hrResult);
}

static unsigned __stdcall ProfileWorker(void* pv)
{
    WorkerArgs* pArgs = (WorkerArgs*)pv;
    MAPIINIT_0 mi = { MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS };
    LPMAPISESSION lpSession = NULL;
    LPMAPITABLE lpTable = NULL;
    HRESULT hr;

    hr = MAPIInitialize(&mi);
    if (FAILED(hr))
        goto Done;                       // BUG: Done uninitializes

    hr = MAPILogonEx(0, (LPTSTR)pArgs->pszProfile, NULL,
                     MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession);
    if (FAILED(hr))
        goto Uninit;

    hr = lpSession->GetMsgStoresTable(0, &lpTable);
    if (FAILED(hr))
    {
        lpSession->Logoff(0, 0, 0); //~ session-not-released
        goto Uninit;                     // BUG: skips lpSession->Release()
    }
    hr = lpTable->GetRowCount(0, &pArgs->cStores);
    lpTable->Release();

    lpSession->Logoff(0, 0, 0);
    lpSession->Release();

Uninit:
Done:
    MAPIUninitialize(); //~ unmatched-mapi-initialize
    pArgs->hrResult = hr;
    return 0;
}

int main(int argc, char** argv)
{
    HANDLE rghThreads[MAX_WORKERS];
    WorkerArgs rgArgs[MAX_WORKERS];
    int cWorkers = 0;

    if (argc < 2 || argc - 1 > MAX_WORKERS)
    {
        fprintf(stderr, "usage: %s profile [profile...] (at most %d)\n", argv[0], MAX_WORKERS);
        return 2;
    }

    for (int i = 1; i < argc; i++)
    {
        rgArgs[cWorkers].pszProfile = argv[i];
        rgArgs[cWorkers].cStores = 0;
        rgArgs[cWorkers].hrResult = E_PENDING;
        rghThreads[cWorkers] = (HANDLE)_beginthreadex(NULL, 0, ProfileWorker, &rgArgs[cWorkers], 0, NULL);
        if (!rghThreads[cWorkers])
        {
            fprintf(stderr, "cannot start a worker for %s\n", argv[i]);
            continue;
        }
        cWorkers++;
    }

    WaitForMultipleObjects(cWorkers, rghThreads, TRUE, INFINITE);
    for (int i = 0; i < cWorkers; i++)
    {
        CloseHandle(rghThreads[i]);
        Report(&rgArgs[i]);
    }
    return 0;
}
