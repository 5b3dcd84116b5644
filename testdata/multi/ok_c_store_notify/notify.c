/* notify.c - fnevNewMail registration on the store. */
#include "mailmon.h"
#include <stdio.h>

static ULONG STDAPICALLTYPE OnStoreEvent(LPVOID lpvContext, ULONG cNotif, LPNOTIFICATION lpNotif)
{
    MONITOR *pMon = (MONITOR *)lpvContext;
    ULONG i;
    for (i = 0; i < cNotif; i++) {
        if (lpNotif[i].ulEventType == fnevNewMail) {
            InterlockedIncrement(&pMon->cEvents);
            printf("new mail, class %s\n", (char *)lpNotif[i].info.newmail.lpszMessageClass);
        }
    }
    return 0;
}

HRESULT StartWatching(MONITOR *pMon)
{
    HRESULT hr;

    hr = HrAllocAdviseSink(OnStoreEvent, pMon, &pMon->lpSink);
    if (FAILED(hr))
        return hr;
    hr = pMon->lpStore->lpVtbl->Advise(pMon->lpStore, 0, NULL, fnevNewMail,
                                       pMon->lpSink, &pMon->ulConn);
    if (FAILED(hr)) {
        UlRelease(pMon->lpSink);
        pMon->lpSink = NULL;
        pMon->ulConn = 0;
    }
    return hr;
}

void StopWatching(MONITOR *pMon)
{
    if (pMon->ulConn) {
        pMon->lpStore->lpVtbl->Unadvise(pMon->lpStore, pMon->ulConn);
        pMon->ulConn = 0;
    }
    if (pMon->lpSink) {
        UlRelease(pMon->lpSink);
        pMon->lpSink = NULL;
    }
}
