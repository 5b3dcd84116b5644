// env.cpp: the flags are set only after the start call succeeded, and EnvStop()
// ends OLE before MAPI, each only when its flag says it was started.
#include <windows.h>
#include <ole2.h>
#include <stdio.h>
#include <mapix.h>
#include "env.h"

BOOL g_fOleInit = FALSE;
BOOL g_bMapiInit = FALSE;

HRESULT EnvStart(BOOL fWithOle)
{
    HRESULT hr;
    if (fWithOle)
    {
        hr = OleInitialize(NULL);
        if (FAILED(hr))
        {
            printf("OleInitialize: 0x%08lx\n", hr);
            return hr;
        }
        g_fOleInit = TRUE;
    }

    MAPIINIT_0 init = { MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS };
    hr = MAPIInitialize(&init);
    if (FAILED(hr))
    {
        printf("MAPIInitialize: 0x%08lx\n", hr);
        return hr;                 // EnvStop() will end OLE
    }
    g_bMapiInit = TRUE;
    return S_OK;
}

void EnvStop()
{
    if (g_fOleInit)
    {
        OleUninitialize();
        g_fOleInit = FALSE;
    }
    if (g_bMapiInit)
    {
        MAPIUninitialize();
        g_bMapiInit = FALSE;
    }
}
