/* provstat.c - prints the session's status table (provider name and status), one line per
 * provider, in the C interface-macro style.
 *
 * Bug: the cleanup logs the session off before it releases the status table. The table
 * was only read by print_rows() (`hr = HrQueryAllRows(lpTable, ..)` stores a result, it
 * does not keep the table), so main still holds it at the Logoff: open-object-at-logoff at
 * the GetStatusTable call. The rows and the profile name are handled correctly.
 */
#include <stdio.h>
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) if (FAILED(hr = (x))) goto Cleanup

static HRESULT print_rows(LPMAPITABLE lpTable, const char *pszTitle)
{
    HRESULT hr;
    LPSRowSet lpRows = NULL;
    ULONG i;
    SizedSPropTagArray(2, sptCols) = { 2, { PR_DISPLAY_NAME_A, PR_STATUS_CODE } };

    hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows);
    if (FAILED(hr))
        return hr;
    printf("%s\n", pszTitle);
    for (i = 0; i < lpRows->cRows; i++) {
        LPSPropValue p = lpRows->aRow[i].lpProps;
        printf("  %-40s %s\n",
               PROP_TYPE(p[0].ulPropTag) == PT_STRING8 ? p[0].Value.lpszA : "(unnamed)",
               (p[1].Value.l & STATUS_FAILURE) ? "failed" : "ok");
    }
    FreeProws(lpRows);
    return S_OK;
}

int main(int argc, char *argv[])
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPMAPITABLE lpStatus = NULL;
    LPSTR pszProfile = argc > 1 ? argv[1] : NULL;

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    CHK(MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                    MAPI_EXTENDED | MAPI_NEW_SESSION | (pszProfile ? MAPI_EXPLICIT_PROFILE : MAPI_USE_DEFAULT),
                    &lpSession));
    CHK(IMAPISession_GetStatusTable(lpSession, 0, &lpStatus)); //~ open-object-at-logoff
    CHK(print_rows(lpStatus, "providers:"));

Cleanup:
    if (FAILED(hr))
        fprintf(stderr, "provstat: 0x%08lx\n", (unsigned long)hr);
    if (lpSession)
        IMAPISession_Logoff(lpSession, 0, 0, 0);
    if (lpStatus)
        IMAPITable_Release(lpStatus);       /* too late: after the Logoff */
    if (lpSession)
        IMAPISession_Release(lpSession);
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
