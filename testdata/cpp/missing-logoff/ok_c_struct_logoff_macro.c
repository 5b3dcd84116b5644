/* pstexport.c - exports the display names of the top-level folders of the default store.
 * The connection lives in an EXPORTER structure: ExpOpen() logs on into exp->m_lpSession,
 * ExpClose() logs it off with the IMAPISession_Logoff header macro and releases it with
 * the lpVtbl form. m_fOwned is set exactly when ExpOpen's logon succeeded.
 */
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

typedef struct EXPORTER
{
    LPMAPISESSION m_lpSession;
    BOOL          m_fOwned;     /* TRUE when ExpOpen logged on */
    ULONG         m_cFolders;
} EXPORTER;

HRESULT OpenDefaultStore(LPMAPISESSION lpSession, LPMDB *lppMDB);
HRESULT CountTopFolders(LPMDB lpMDB, ULONG *pcFolders);

static HRESULT ExpOpen(EXPORTER *exp, LPSTR pszProfile)
{
    HRESULT hr = MAPILogonEx(0, pszProfile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION,
                             &exp->m_lpSession);
    if (FAILED(hr))
    {
        exp->m_lpSession = NULL;
        return hr;
    }
    exp->m_fOwned = TRUE;
    return S_OK;
}

static void ExpClose(EXPORTER *exp)
{
    if (!exp->m_lpSession)
        return;
    if (exp->m_fOwned)
        IMAPISession_Logoff(exp->m_lpSession, 0, 0, 0);
    exp->m_lpSession->lpVtbl->Release(exp->m_lpSession);
    exp->m_lpSession = NULL;
}

static HRESULT ExpRun(EXPORTER *exp)
{
    HRESULT hr = S_OK;
    LPMDB lpMDB = NULL;

    CHK(OpenDefaultStore(exp->m_lpSession, &lpMDB));
    CHK(CountTopFolders(lpMDB, &exp->m_cFolders));
    printf("%lu top-level folders\n", exp->m_cFolders);

Cleanup:
    if (lpMDB)
        lpMDB->lpVtbl->Release(lpMDB);
    return hr;
}

static int usage(const char *argv0)
{
    fprintf(stderr, "usage: %s [profile]\n", argv0);
    return 2;
}

int main(int argc, char **argv)
{
    EXPORTER exp = { NULL, FALSE, 0 };
    HRESULT hr;
    int rc = 0;

    if (argc > 2)
        return usage(argv[0]);
    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
    {
        fprintf(stderr, "MAPIInitialize: 0x%08lx\n", hr);
        return 1;
    }

    hr = ExpOpen(&exp, argc == 2 ? argv[1] : NULL);
    if (FAILED(hr))
    {
        fprintf(stderr, "logon failed: 0x%08lx\n", hr);
        rc = 1;
        goto Done;
    }
    if (FAILED(ExpRun(&exp)))
        rc = 1;
    ExpClose(&exp);

Done:
    MAPIUninitialize();
    return rc;
}
