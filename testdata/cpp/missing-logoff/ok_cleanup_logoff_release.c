/* profcheck.c - logs on to each profile named on the command line and reports whether
 * its status table lists a transport provider.
 *
 * Correct: every session that was logged on is logged off and released in the Cleanup
 * block, which every failure path reaches; a failed MAPILogonEx jumps there with
 * lpSession still NULL, and the loop over profiles starts each iteration from NULL.
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x)                                                            \
    do {                                                                     \
        hr = (x);                                                            \
        if (FAILED(hr)) {                                                    \
            fprintf(stderr, "  %s: 0x%08lx\n", #x, (unsigned long)hr);       \
            goto Cleanup;                                                    \
        }                                                                    \
    } while (0)

static SizedSPropTagArray(2, sptStatusCols) = { 2, { PR_RESOURCE_TYPE, PR_DISPLAY_NAME_A } };

static HRESULT CheckProfile(LPSTR pszProfile, ULONG ulUIParam, BOOL fInteractive, BOOL *pfTransport)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMAPITABLE lpStatus = NULL;
    LPSRowSet lpRows = NULL;
    ULONG ulFlags = MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL;
    ULONG i;

    *pfTransport = FALSE;
    if (fInteractive)
        ulFlags |= MAPI_LOGON_UI;

    CHK_HR(MAPILogonEx(ulUIParam, (LPTSTR)pszProfile, NULL, ulFlags, &lpSession));
    CHK_HR(lpSession->lpVtbl->GetStatusTable(lpSession, 0, &lpStatus));
    CHK_HR(HrQueryAllRows(lpStatus, (LPSPropTagArray)&sptStatusCols, NULL, NULL, 0, &lpRows));

    for (i = 0; i < lpRows->cRows; i++) {
        if (lpRows->aRow[i].lpProps[0].ulPropTag == PR_RESOURCE_TYPE &&
            lpRows->aRow[i].lpProps[0].Value.l == MAPI_TRANSPORT_PROVIDER) {
            *pfTransport = TRUE;
            break;
        }
    }

Cleanup:
    if (lpRows)
        FreeProws(lpRows);
    if (lpStatus)
        lpStatus->lpVtbl->Release(lpStatus);
    if (lpSession) {
        /* A UI is only allowed when the user asked for an interactive run. */
        IMAPISession_Logoff(lpSession, ulUIParam, fInteractive ? MAPI_LOGOFF_UI : 0, 0);
        lpSession->lpVtbl->Release(lpSession);
        lpSession = NULL;
    }
    return hr;
}

/* Quick reachability test: logs on and straight off again. */
static BOOL CanLogon(LPSTR pszProfile)
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                             MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession);
    if (FAILED(hr))
        return FALSE;               /* a failed logon holds no session */

    lpSession->lpVtbl->Logoff(lpSession, 0, 0, 0);
    UlRelease(lpSession);
    return TRUE;
}

static void usage(const char *prog)
{
    fprintf(stderr, "usage: %s [-i] profile [profile...]\n", prog);
}

int main(int argc, char **argv)
{
    HRESULT hr;
    BOOL fInteractive = FALSE;
    int first = 1;
    int i, failures = 0;

    if (argc > 1 && strcmp(argv[1], "-i") == 0) {
        fInteractive = TRUE;
        first = 2;
    }
    if (first >= argc) {
        usage(argv[0]);
        return 2;
    }

    hr = MAPIInitialize(NULL);
    if (FAILED(hr)) {
        fprintf(stderr, "MAPIInitialize failed: 0x%08lx\n", (unsigned long)hr);
        return 1;
    }

    for (i = first; i < argc; i++) {
        BOOL fTransport = FALSE;

        if (!CanLogon(argv[i])) {
            printf("%s: cannot log on\n", argv[i]);
            failures++;
            continue;
        }
        hr = CheckProfile(argv[i], 0, fInteractive, &fTransport);
        if (FAILED(hr)) {
            failures++;
            continue;
        }
        printf("%s: %s\n", argv[i], fTransport ? "transport present" : "no transport");
    }

    MAPIUninitialize();
    return failures ? 1 : 0;
}
