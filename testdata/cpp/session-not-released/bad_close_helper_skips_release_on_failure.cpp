// A worker thread of a mail-merge tool logs on with its own session and hands it to
// CloseWorkerSession() at the end. That helper returns early when Logoff fails, and the
// session is then never released; the caller forgets its pointer either way.
#include <windows.h>
#include <process.h>
#include <mapix.h>
#include <stdio.h>

static HRESULT CloseWorkerSession(IMAPISession* pSession, DWORD dwWorker)
{
    HRESULT hr = pSession->Logoff(0, 0, 0); //~ session-not-released
    if (FAILED(hr))
    {
        fprintf(stderr, "worker %lu: Logoff failed: 0x%08lx\n", dwWorker, hr);
        return hr;
    }
    pSession->Release();
    return S_OK;
}

static unsigned __stdcall WorkerMain(void* pv)
{
    DWORD dwWorker = (DWORD)(ULONG_PTR)pv;
    if (FAILED(MAPIInitialize(nullptr)))
        return 1;
    IMAPISession* pSession = nullptr;
    HRESULT hr = MAPILogonEx(0, nullptr, nullptr, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &pSession);
    if (SUCCEEDED(hr))
    {
        LPMAPITABLE lpTable = nullptr;
        if (SUCCEEDED(pSession->GetMsgStoresTable(0, &lpTable)))
        {
            ULONG cRows = 0;
            lpTable->GetRowCount(0, &cRows);
            printf("worker %lu: %lu store(s)\n", dwWorker, cRows);
            lpTable->Release();
        }
        hr = CloseWorkerSession(pSession, dwWorker);
        pSession = nullptr;
    }
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}

int main()
{
    HANDLE threads[2];
    for (DWORD i = 0; i < 2; i++)
        threads[i] = (HANDLE)_beginthreadex(nullptr, 0, WorkerMain, (void*)(ULONG_PTR)i, 0, nullptr);
    WaitForMultipleObjects(2, threads, TRUE, INFINITE);
    for (HANDLE h : threads)
        CloseHandle(h);
    return 0;
}
