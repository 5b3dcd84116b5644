/* mailmon.h - shared declarations of the console new-mail monitor (C). */
#ifndef MAILMON_H
#define MAILMON_H
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>

typedef struct MONITOR {
    LPMAPISESSION lpSession;
    LPMDB lpStore;
    LPMAPIADVISESINK lpSink;
    ULONG_PTR ulConn;
    volatile LONG cEvents;
} MONITOR;

HRESULT OpenDefaultStore(LPMAPISESSION lpSession, LPMDB *lppStore);
HRESULT StartWatching(MONITOR *pMon);
void StopWatching(MONITOR *pMon);
#endif
