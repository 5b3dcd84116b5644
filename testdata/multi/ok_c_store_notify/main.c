/* main.c - mailmon [seconds]: report new mail arriving in the default store. */
#include "mailmon.h"
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    MONITOR mon;
    HRESULT hr;
    int seconds = argc > 1 ? atoi(argv[1]) : 60;
    int rc = 1;
    MAPIINIT_0 init = { MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS };

    ZeroMemory(&mon, sizeof(mon));

    hr = MAPIInitialize(&init);
    if (FAILED(hr)) {
        fprintf(stderr, "MAPIInitialize failed: 0x%08lx\n", hr);
        return 1;
    }
    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_LOGON_UI,
                     &mon.lpSession);
    if (FAILED(hr))
        goto done_init;

    hr = OpenDefaultStore(mon.lpSession, &mon.lpStore);
    if (FAILED(hr))
        goto done_session;

    hr = StartWatching(&mon);
    if (FAILED(hr))
        goto done_store;

    printf("watching for %d seconds...\n", seconds);
    while (seconds-- > 0)
        Sleep(1000);
    printf("%ld new messages\n", mon.cEvents);
    rc = 0;

    /* Unadvise, then release the store, then log off: the documented order. */
    StopWatching(&mon);
done_store:
    UlRelease(mon.lpStore);
    mon.lpStore = NULL;
done_session:
    mon.lpSession->lpVtbl->Logoff(mon.lpSession, 0, 0, 0);
    UlRelease(mon.lpSession);
done_init:
    MAPIUninitialize();
    return rc;
}
