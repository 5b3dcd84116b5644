/* shutdown.c - the one place that ends the session: store first, then Logoff, then
 * Release. */
#include "mailtool.h"

void CloseSession(void)
{
    if (g_lpMDB) {
        g_lpMDB->lpVtbl->Release(g_lpMDB);
        g_lpMDB = NULL;
    }
    if (g_lpSession) {
        IMAPISession_Logoff(g_lpSession, 0, 0, 0);
        UlRelease(g_lpSession);
        g_lpSession = NULL;
    }
}
