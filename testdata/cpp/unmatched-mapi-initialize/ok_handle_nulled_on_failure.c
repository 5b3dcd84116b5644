/* mapiprobe.c: reports whether Extended MAPI is usable on this machine and, if so,
 * the name of the default profile's primary identity. mapi32.dll is loaded at run
 * time; g_hMapi is non-NULL exactly when MAPIInitialize succeeded, because every
 * failure path of mapi_load() frees the library and sets it back to NULL.
 * mapi_unload() is called on every path and skips MAPIUninitialize when it is NULL.
 */
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

typedef HRESULT (STDAPICALLTYPE *PFN_MAPIINITIALIZE)(LPVOID);
typedef void    (STDAPICALLTYPE *PFN_MAPIUNINITIALIZE)(void);
typedef HRESULT (STDAPICALLTYPE *PFN_MAPILOGONEX)(ULONG_PTR, LPTSTR, LPTSTR, FLAGS, LPMAPISESSION *);
typedef ULONG   (STDAPICALLTYPE *PFN_MAPIFREEBUFFER)(LPVOID);

static HMODULE g_hMapi = NULL;
static PFN_MAPIINITIALIZE   pfnMAPIInitialize;
static PFN_MAPIUNINITIALIZE pfnMAPIUninitialize;
static PFN_MAPILOGONEX      pfnMAPILogonEx;
static PFN_MAPIFREEBUFFER   pfnMAPIFreeBuffer;

static HRESULT mapi_load(void)
{
    HRESULT hr;

    g_hMapi = LoadLibraryA("mapi32.dll");
    if (g_hMapi == NULL)
        return HRESULT_FROM_WIN32(GetLastError());

    pfnMAPIInitialize   = (PFN_MAPIINITIALIZE)GetProcAddress(g_hMapi, "MAPIInitialize");
    pfnMAPIUninitialize = (PFN_MAPIUNINITIALIZE)GetProcAddress(g_hMapi, "MAPIUninitialize");
    pfnMAPILogonEx      = (PFN_MAPILOGONEX)GetProcAddress(g_hMapi, "MAPILogonEx");
    pfnMAPIFreeBuffer   = (PFN_MAPIFREEBUFFER)GetProcAddress(g_hMapi, "MAPIFreeBuffer");
    if (!pfnMAPIInitialize || !pfnMAPIUninitialize || !pfnMAPILogonEx || !pfnMAPIFreeBuffer)
    {
        FreeLibrary(g_hMapi);
        g_hMapi = NULL;
        return MAPI_E_NOT_FOUND;
    }

    hr = pfnMAPIInitialize(NULL);
    if (FAILED(hr))
    {
        /* Nothing was initialized: forget the library so mapi_unload skips it. */
        FreeLibrary(g_hMapi);
        g_hMapi = NULL;
        return hr;
    }
    return S_OK;
}

static void mapi_unload(void)
{
    if (g_hMapi != NULL)
    {
        pfnMAPIUninitialize();
        FreeLibrary(g_hMapi);
        g_hMapi = NULL;
    }
}

static HRESULT print_identity(void)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;

    hr = pfnMAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL, &lpSession);
    if (FAILED(hr))
    {
        printf("MAPI present, but no default profile (0x%08lx)\n", (unsigned long)hr);
        return hr;
    }

    hr = lpSession->lpVtbl->QueryIdentity(lpSession, &cbEID, &lpEID);
    if (SUCCEEDED(hr))
    {
        printf("default profile identity: %lu-byte entry ID\n", (unsigned long)cbEID);
        pfnMAPIFreeBuffer(lpEID);
    }
    else
        printf("QueryIdentity failed: 0x%08lx\n", (unsigned long)hr);

    lpSession->lpVtbl->Logoff(lpSession, 0, 0, 0);
    lpSession->lpVtbl->Release(lpSession);
    return hr;
}

int main(void)
{
    HRESULT hr = mapi_load();
    int rc;

    if (FAILED(hr))
    {
        printf("Extended MAPI is not available (0x%08lx)\n", (unsigned long)hr);
        rc = 1;
    }
    else
        rc = SUCCEEDED(print_identity()) ? 0 : 2;

    mapi_unload();          /* a no-op when mapi_load failed */
    return rc;
}
