/* watch.c - the session's critical-error registration lives in a file-level connection number.
 *
 * Bug (with main.c): shutdown() logs the session off before it calls watch_end(), so the
 * registration made here is still active at the Logoff: missing-unadvise at the Advise
 * (SPEC: across files the primary location is the API call itself), and its Unadvise
 * is then a call on a logged-off session (use-after-logoff, at the Unadvise). */
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
    hr = lpSession->lpVtbl->Advise(lpSession, 0, NULL, fnevCriticalError, lpSink, &g_ulErrConn); //~ missing-unadvise
    lpSink->lpVtbl->Release(lpSink);       /* the registration holds its own reference */
    if (FAILED(hr))
        g_ulErrConn = 0;
    return hr;
}

void watch_end(LPMAPISESSION lpSession)
{
    if (g_ulErrConn != 0) {
        lpSession->lpVtbl->Unadvise(lpSession, g_ulErrConn); //~ use-after-logoff
        g_ulErrConn = 0;
    }
}

LONG watch_count(void)
{
    return g_cErrors;
}
