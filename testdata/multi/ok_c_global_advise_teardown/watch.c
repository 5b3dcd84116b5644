/* watch.c - the session's critical-error registration lives in a file-level connection number.
 *
 * Correct (with main.c): shutdown() calls watch_end() before it logs the session off, so
 * the registration made here is ended first; a registration that failed left g_ulErrConn
 * at 0, and watch_end() then does nothing. */
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>
#include "watch.h"

static ULONG_PTR g_ulErrConn = 0;
static volatile LONG g_cErrors = 0;

static LONG STDAPICALLTYPE on_critical_error(LPVOID lpvContext, ULONG cNotif, LPNOTIFICATION lpNotif)
{
    ULONG i;
    (void)lpvContext;
    for (i = 0; i < cNotif; i++)
        if (lpNotif[i].ulEventType == fnevCriticalError)
            InterlockedIncrement(&g_cErrors);
    return 0;
}

HRESULT watch_begin(LPMAPISESSION lpSession)
{
    LPMAPIADVISESINK lpSink = NULL;
    HRESULT hr = HrAllocAdviseSink(on_critical_error, NULL, &lpSink);
    if (FAILED(hr))
        return hr;
    hr = lpSession->lpVtbl->Advise(lpSession, 0, NULL, fnevCriticalError, lpSink, &g_ulErrConn); 
    lpSink->lpVtbl->Release(lpSink);       /* the registration holds its own reference */
    if (FAILED(hr))
        g_ulErrConn = 0;
    return hr;
}

void watch_end(LPMAPISESSION lpSession)
{
    if (g_ulErrConn != 0) {
        lpSession->lpVtbl->Unadvise(lpSession, g_ulErrConn);
        g_ulErrConn = 0;
    }
}

LONG watch_count(void)
{
    return g_cErrors;
}
