/* probe.c - logs on to the temporary profile and resolves one name.
 *
 * BUG: when ResolveName fails, the code logs off at once ("so the provider flushes before
 * we report") and sets fLoggedOff, then jumps to Cleanup, which releases the address book
 * only afterwards: the address book is still open at that Logoff.
 */
#include "probe.h"
#include <stdio.h>
#include <mapiutil.h>

HRESULT ProbeResolve(LPCSTR pszName)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPADRBOOK lpAB = NULL;
    LPADRLIST lpAdrList = NULL;
    BOOL fLoggedOff = FALSE;

    hr = MAPILogonEx(0, (LPTSTR)ABPROBE_PROFILE, NULL,
                     MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE | MAPI_NO_MAIL, &lpSession);
    if (FAILED(hr))
        return hr;

    hr = IMAPISession_OpenAddressBook(lpSession, 0, NULL, AB_NO_DIALOG, &lpAB); //~ open-object-at-logoff
    if (FAILED(hr))
        goto Cleanup;

    hr = MAPIAllocateBuffer(CbNewADRLIST(1), (LPVOID *)&lpAdrList);
    if (FAILED(hr))
        goto Cleanup;
    lpAdrList->cEntries = 1;
    lpAdrList->aEntries[0].cValues = 1;
    hr = MAPIAllocateBuffer(sizeof(SPropValue), (LPVOID *)&lpAdrList->aEntries[0].rgPropVals);
    if (FAILED(hr))
        goto Cleanup;
    lpAdrList->aEntries[0].rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_A;
    lpAdrList->aEntries[0].rgPropVals[0].Value.lpszA = (LPSTR)pszName;

    hr = lpAB->lpVtbl->ResolveName(lpAB, 0, 0, NULL, lpAdrList);
    if (FAILED(hr)) {
        fprintf(stderr, "ResolveName(%s): 0x%08lx\n", pszName, (unsigned long)hr);
        FreePadrlist(lpAdrList);
        lpAdrList = NULL;
        IMAPISession_Logoff(lpSession, 0, 0, 0);
        fLoggedOff = TRUE;
        goto Cleanup;                    /* BUG: lpAB is released after the Logoff */
    }
    printf("%s resolves to %lu propert%s\n", pszName, lpAdrList->aEntries[0].cValues,
           lpAdrList->aEntries[0].cValues == 1 ? "y" : "ies");

Cleanup:
    if (lpAdrList)
        FreePadrlist(lpAdrList);
    if (lpAB)
        lpAB->lpVtbl->Release(lpAB);
    if (!fLoggedOff)
        IMAPISession_Logoff(lpSession, 0, 0, 0);
    lpSession->lpVtbl->Release(lpSession);
    return hr;
}
