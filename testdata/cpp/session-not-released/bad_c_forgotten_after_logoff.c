/* spoolstat.c - reports the status rows (providers, spooler) of one or more profiles.
 *
 * Two sessions leak:
 *  * ShowStatus: when GetStatusTable fails the session is logged off and the function
 *    returns without releasing it;
 *  * CountProviders: the loop over profiles `continue`s after a failed GetRowCount with
 *    the session neither logged off nor released (the last reference is overwritten by the
 *    next iteration's logon).
 */
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

static SizedSPropTagArray(3, sptCols) = { 3, { PR_DISPLAY_NAME_A, PR_RESOURCE_TYPE, PR_STATUS_CODE } };

static void PrintRows(LPSRowSet lpRows)
{
    ULONG i;
    for (i = 0; i < lpRows->cRows; i++) {
        LPSPropValue lpProps = lpRows->aRow[i].lpProps;
        printf("  %-32s type %-3ld status 0x%08lx\n",
               PROP_TYPE(lpProps[0].ulPropTag) == PT_STRING8 ? lpProps[0].Value.lpszA : "?",
               PROP_TYPE(lpProps[1].ulPropTag) == PT_LONG ? lpProps[1].Value.l : -1L,
               PROP_TYPE(lpProps[2].ulPropTag) == PT_LONG ? (unsigned long)lpProps[2].Value.l : 0UL);
    }
}

static HRESULT ShowStatus(LPSTR pszProfile)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPMAPITABLE lpStatus = NULL;
    LPSRowSet lpRows = NULL;

    hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &lpSession);
    if (FAILED(hr)) {
        fprintf(stderr, "%s: logon failed 0x%08lx\n", pszProfile, (unsigned long)hr);
        return hr;
    }

    hr = lpSession->lpVtbl->GetStatusTable(lpSession, 0, &lpStatus);
    if (FAILED(hr)) {
        fprintf(stderr, "%s: no status table 0x%08lx\n", pszProfile, (unsigned long)hr);
        IMAPISession_Logoff(lpSession, 0, 0, 0); //~ session-not-released
        return hr;                       /* BUG: logged off, never released */
    }

    hr = HrQueryAllRows(lpStatus, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows);
    if (SUCCEEDED(hr)) {
        printf("%s:\n", pszProfile);
        PrintRows(lpRows);
        FreeProws(lpRows);
    }

    lpStatus->lpVtbl->Release(lpStatus);
    IMAPISession_Logoff(lpSession, 0, 0, 0);
    lpSession->lpVtbl->Release(lpSession);
    return hr;
}

static ULONG CountProviders(int cProfiles, char **rgpszProfiles)
{
    ULONG cTotal = 0;
    int i;

    for (i = 0; i < cProfiles; i++) {
        LPMAPISESSION lpSession = NULL;
        LPMAPITABLE lpStatus = NULL;
        ULONG cRows = 0;
        HRESULT hr;

        hr = MAPILogonEx(0, (LPTSTR)rgpszProfiles[i], NULL, //~ session-not-released
                         MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession);
        if (FAILED(hr))
            continue;                    /* nothing held */

        hr = lpSession->lpVtbl->GetStatusTable(lpSession, 0, &lpStatus);
        if (SUCCEEDED(hr)) {
            hr = lpStatus->lpVtbl->GetRowCount(lpStatus, 0, &cRows);
            lpStatus->lpVtbl->Release(lpStatus);
            if (FAILED(hr))
                continue;                /* BUG: the session is left behind */
            cTotal += cRows;
        }

        lpSession->lpVtbl->Logoff(lpSession, 0, 0, 0);
        UlRelease(lpSession);
    }
    return cTotal;
}

int main(int argc, char **argv)
{
    HRESULT hr;
    int i, rc = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s profile [profile...]\n", argv[0]);
        return 2;
    }

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    for (i = 1; i < argc; i++) {
        if (FAILED(ShowStatus(argv[i])))
            rc = 1;
    }
    printf("%lu status row(s) in total\n", CountProviders(argc - 1, argv + 1));

    MAPIUninitialize();
    return rc;
}
