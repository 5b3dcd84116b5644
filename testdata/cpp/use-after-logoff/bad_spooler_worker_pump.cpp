// OutboxPump.cpp - background sender: a worker thread owns a shared MAPI
// session, pumps window messages, and flushes the Outbox on WM_APP_FLUSH.
#include <windows.h>
#include <process.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>
#include <atlbase.h>

#define WM_APP_FLUSH (WM_APP + 1)
#define WM_APP_STOP  (WM_APP + 2)

#define EC_H(x) do { hr = (x); if (FAILED(hr)) wprintf(L"%hs failed 0x%08X\n", #x, hr); } while (0)
#define CHK(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

struct WorkerContext
{
    HANDLE hReady;
    DWORD dwThreadId;
    HRESULT hrResult;
};

static HRESULT FlushOutbox(LPMAPISESSION lpSession)
{
    HRESULT hr = S_OK;
    CComPtr<IMAPIStatus> spStatus;
    CComPtr<IMAPITable> spStatusTable;
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(2, cols) = { 2, { PR_ENTRYID, PR_RESOURCE_TYPE } };
    SPropValue spv;
    SRestriction res;

    // The spooler row of the status table exposes FlushQueues.
    CHK(lpSession->GetStatusTable(0, &spStatusTable));
    spv.ulPropTag = PR_RESOURCE_TYPE;
    spv.Value.l = MAPI_SPOOLER;
    res.rt = RES_PROPERTY;
    res.res.resProperty.relop = RELOP_EQ;
    res.res.resProperty.ulPropTag = PR_RESOURCE_TYPE;
    res.res.resProperty.lpProp = &spv;
    CHK(HrQueryAllRows(spStatusTable, (LPSPropTagArray)&cols, &res, NULL, 1, &lpRows));
    if (lpRows->cRows == 1)
    {
        ULONG ulType = 0;
        const SBinary& eid = lpRows->aRow[0].lpProps[0].Value.bin;
        CHK(lpSession->OpenEntry(eid.cb, (LPENTRYID)eid.lpb, &IID_IMAPIStatus, MAPI_BEST_ACCESS,
                                 &ulType, (LPUNKNOWN*)&spStatus));
        CHK(spStatus->FlushQueues(0, 0, NULL, FLUSH_UPLOAD | FLUSH_ASYNC_OK));
    }

Cleanup:
    if (lpRows)
        FreeProws(lpRows);
    return hr;
}

// Critical session errors are forwarded to the UI thread.
static ULONG STDAPICALLTYPE OnSessionEvent(LPVOID lpvContext, ULONG cNotif, LPNOTIFICATION lpNotif)
{
    WorkerContext* ctx = static_cast<WorkerContext*>(lpvContext);
    for (ULONG i = 0; i < cNotif; i++)
    {
        if (lpNotif[i].ulEventType == fnevCriticalError)
            ctx->hrResult = lpNotif[i].info.err.scode;
    }
    return 0;
}

static unsigned __stdcall SenderThread(void* pv)
{
    WorkerContext* ctx = static_cast<WorkerContext*>(pv);
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMAPIADVISESINK lpSink = NULL;
    ULONG ulConn = 0;
    MSG msg;

    // Make sure the thread has a message queue before we signal readiness.
    PeekMessage(&msg, NULL, WM_USER, WM_USER, PM_NOREMOVE);

    MAPIINIT_0 init = { MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS };
    hr = MAPIInitialize(&init);
    if (FAILED(hr))
    {
        ctx->hrResult = hr;
        SetEvent(ctx->hReady);
        return 1;
    }

    hr = MAPILogonEx(0, NULL, NULL,
                     MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_ALLOW_OTHERS | MAPI_NO_MAIL,
                     &lpSession);
    ctx->hrResult = hr;
    SetEvent(ctx->hReady);
    if (FAILED(hr))
    {
        MAPIUninitialize();
        return 1;
    }

    EC_H(HrAllocAdviseSink(OnSessionEvent, ctx, &lpSink));
    if (lpSink)
        EC_H(lpSession->Advise(0, NULL, fnevCriticalError, lpSink, &ulConn)); //~ missing-unadvise

    while (GetMessage(&msg, NULL, 0, 0) > 0)
    {
        if (msg.message == WM_APP_FLUSH)
        {
            EC_H(FlushOutbox(lpSession));
            continue;
        }
        if (msg.message == WM_APP_STOP)
            break;
        TranslateMessage(&msg);
        DispatchMessage(&msg);
    }

    // We logged on with MAPI_ALLOW_OTHERS, so "we own the shared session".
    lpSession->Logoff(0, MAPI_LOGOFF_SHARED, 0); //~ logoff-shared-flag

    // Stop listening for critical errors now that we are done.
    if (ulConn)
        lpSession->Unadvise(ulConn); //~ use-after-logoff

    lpSession->Release();
    if (lpSink)
        lpSink->Release();
    MAPIUninitialize();
    return 0;
}

int wmain(int argc, wchar_t** argv)
{
    WorkerContext ctx = {};
    int cFlushes = argc > 1 ? _wtoi(argv[1]) : 3;

    ctx.hReady = CreateEvent(NULL, TRUE, FALSE, NULL);
    unsigned tid = 0;
    HANDLE hThread = (HANDLE)_beginthreadex(NULL, 0, SenderThread, &ctx, 0, &tid);
    if (!hThread)
        return 1;
    WaitForSingleObject(ctx.hReady, INFINITE);
    if (FAILED(ctx.hrResult))
    {
        wprintf(L"sender failed to start: 0x%08X\n", ctx.hrResult);
        WaitForSingleObject(hThread, INFINITE);
        return 1;
    }

    for (int i = 0; i < cFlushes; i++)
    {
        PostThreadMessage(tid, WM_APP_FLUSH, 0, 0);
        Sleep(1000);
    }
    PostThreadMessage(tid, WM_APP_STOP, 0, 0);
    WaitForSingleObject(hThread, INFINITE);
    CloseHandle(hThread);
    CloseHandle(ctx.hReady);
    return 0;
}
