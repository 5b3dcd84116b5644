/* mkfolder.c: creates a folder under the IPM subtree of the default store.
 * usage() and fatal() end the process; the "folder already exists" case returns
 * normally and forgets to log off and release the session.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <mapix.h>
#include <mapiutil.h>

static const char *g_prog = "mkfolder";

static void die_with(int code, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: ", g_prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    exit(code);
}

/* No return: ends in die_with, which ends in exit. */
static void fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    die_with(1, fmt, ap);
    va_end(ap);
}

static void usage(void)
{
    fprintf(stderr, "usage: %s [-c comment] <folder name>\n", g_prog);
    exit(2);
}

int main(int argc, char **argv)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPSPropValue lpSubtree = NULL;
    LPMAPIFOLDER lpRoot = NULL;
    LPMAPIFOLDER lpNew = NULL;
    ULONG ulType = 0;
    const char *pszComment = NULL;
    const char *pszName = NULL;
    int i;

    g_prog = argv[0];
    for (i = 1; i < argc; i++)
    {
        if (strcmp(argv[i], "-c") == 0)
        {
            if (++i == argc)
                usage();
            pszComment = argv[i];
        }
        else if (pszName == NULL)
            pszName = argv[i];
        else
            usage();
    }
    if (pszName == NULL)
        usage();

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        fatal("MAPIInitialize failed: 0x%08lx", hr);

    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &lpSession); //~ session-not-released
    if (FAILED(hr))
        fatal("MAPILogonEx failed: 0x%08lx", hr);

    hr = HrOpenDefaultMsgStore(lpSession, &lpMDB);   /* project helper, body not scanned */
    if (FAILED(hr))
        fatal("no default store: 0x%08lx", hr);

    hr = HrGetOneProp((LPMAPIPROP)lpMDB, PR_IPM_SUBTREE_ENTRYID, &lpSubtree);
    if (FAILED(hr))
        fatal("PR_IPM_SUBTREE_ENTRYID: 0x%08lx", hr);

    hr = lpMDB->lpVtbl->OpenEntry(lpMDB, lpSubtree->Value.bin.cb, (LPENTRYID)lpSubtree->Value.bin.lpb,
                                  NULL, MAPI_MODIFY, &ulType, (LPUNKNOWN *)&lpRoot);
    MAPIFreeBuffer(lpSubtree);
    if (FAILED(hr))
        fatal("opening the IPM subtree: 0x%08lx", hr);

    hr = lpRoot->lpVtbl->CreateFolder(lpRoot, FOLDER_GENERIC, (LPTSTR)pszName, (LPTSTR)pszComment,
                                      NULL, 0, &lpNew);
    if (hr == MAPI_E_COLLISION)
    {
        /* Not an error for scripts that run twice. */
        printf("%s: folder \"%s\" already exists\n", g_prog, pszName);
        UlRelease(lpRoot);
        UlRelease(lpMDB);
        MAPIUninitialize();              /* the session is neither logged off nor released */
        return 0;
    }
    if (FAILED(hr))
        fatal("CreateFolder(%s) failed: 0x%08lx", pszName, hr);

    printf("%s: created \"%s\"\n", g_prog, pszName);
    UlRelease(lpNew);
    UlRelease(lpRoot);
    UlRelease(lpMDB);
    IMAPISession_Logoff(lpSession, 0, 0, 0);
    IMAPISession_Release(lpSession);
    MAPIUninitialize();
    return 0;
}
