// shutdown.cpp - tears MAPI down again.
//
// The session may already have been logged off by Disconnect() (called when the service
// is paused); g_fLoggedOn says whether a Logoff is still due. Either way it is logged off
// exactly once before the last Release.
#include "globals.h"

bool g_fLoggedOn = false;

void Disconnect()
{
    if (g_lpSession && g_fLoggedOn) {
        g_lpSession->Logoff(0, 0, 0);
        g_fLoggedOn = false;
    }
}

void StopMapi(bool fFastExit)
{
    if (g_lpSession) {
        if (g_fLoggedOn)
            g_lpSession->Logoff(0, fFastExit ? 0 : MAPI_LOGOFF_UI, 0);
        g_fLoggedOn = false;
        g_lpSession->Release();
        g_lpSession = NULL;
    }
    MAPIUninitialize();
}
