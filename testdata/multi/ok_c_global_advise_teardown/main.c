/* mailbell.c - counts the critical MAPI errors during a given number of seconds.
 * The registration is made and ended in watch.c; shutdown() ends it before the Logoff. */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>
#include "watch.h"

static void shutdown(LPMAPISESSION lpSession, LPMDB lpMDB)
{
    watch_end(lpSession);
    lpMDB->lpVtbl->Release(lpMDB);
    lpSession->lpVtbl->Logoff(lpSession, 0, 0, 0);
    lpSession->lpVtbl->Release(lpSession);
}

int main(int argc, char *argv[])
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    int seconds = argc > 1 ? atoi(argv[1]) : 60;

    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession);
    if (FAILED(hr)) {
        MAPIUninitialize();
        return 1;
    }
    hr = HrOpenDefaultMsgStore(lpSession, &lpMDB);
    if (FAILED(hr)) {
        lpSession->lpVtbl->Logoff(lpSession, 0, 0, 0);
        lpSession->lpVtbl->Release(lpSession);
        MAPIUninitialize();
        return 1;
    }
    if (SUCCEEDED(watch_begin(lpSession)))
        Sleep(seconds * 1000);
    printf("%ld critical error(s)\n", watch_count());
    shutdown(lpSession, lpMDB);
    MAPIUninitialize();
    return 0;
}
