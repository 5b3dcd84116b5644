// shutdown.cpp - tears MAPI down again.
//
// BUG: on a fast exit (service stop requested by the SCM) the session is released
// without Logoff to save time.
#include "globals.h"

void StopMapi(bool fFastExit)
{
    if (g_lpSession) {
        if (!fFastExit)
            g_lpSession->Logoff(0, 0, 0);
        g_lpSession->Release();
        g_lpSession = NULL;
    }
    MAPIUninitialize();
}
