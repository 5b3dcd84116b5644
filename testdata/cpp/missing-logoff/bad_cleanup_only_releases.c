/* rootdump.c - lists the folders directly under the root of the default store.
 *
 * The main path logs off just before falling into the shared Cleanup label, but the
 * Cleanup label itself only releases. Every failure after the logon jumps to Cleanup
 * and so releases the session without Logoff.
 */
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x)                                                            \
    do {                                                                     \
        hr = (x);                                                            \
        if (FAILED(hr)) {                                                    \
            fprintf(stderr, "%s failed: 0x%08lx (line %d)\n", #x,            \
                    (unsigned long)hr, __LINE__);                            \
            goto Cleanup;                                                    \
        }                                                                    \
    } while (0)

enum { iEID, iDefault, cStoreCols };
static SizedSPropTagArray(cStoreCols, sptStoreCols) = { cStoreCols, { PR_ENTRYID, PR_DEFAULT_STORE } };

enum { iName, iCount, cHierCols };
static SizedSPropTagArray(cHierCols, sptHierCols) = { cHierCols, { PR_DISPLAY_NAME_A, PR_CONTENT_COUNT } };

/* Opens the store flagged PR_DEFAULT_STORE. The caller releases *lppMDB. */
static HRESULT OpenDefaultStore(LPMAPISESSION lpSession, LPMDB *lppMDB)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    SRestriction sres;
    SPropValue spv;

    CHK_HR(lpSession->lpVtbl->GetMsgStoresTable(lpSession, 0, &lpTable));

    spv.ulPropTag = PR_DEFAULT_STORE;
    spv.Value.b = TRUE;
    sres.rt = RES_PROPERTY;
    sres.res.resProperty.relop = RELOP_EQ;
    sres.res.resProperty.ulPropTag = PR_DEFAULT_STORE;
    sres.res.resProperty.lpProp = &spv;

    CHK_HR(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptStoreCols, &sres, NULL, 0, &lpRows));
    if (lpRows == NULL || lpRows->cRows != 1) {
        hr = MAPI_E_NOT_FOUND;
        goto Cleanup;
    }

    CHK_HR(lpSession->lpVtbl->OpenMsgStore(lpSession, 0,
                                          lpRows->aRow[0].lpProps[iEID].Value.bin.cb,
                                          (LPENTRYID)lpRows->aRow[0].lpProps[iEID].Value.bin.lpb,
                                          NULL, MDB_NO_DIALOG | MAPI_BEST_ACCESS, lppMDB));

Cleanup:
    if (lpRows)
        FreeProws(lpRows);
    UlRelease(lpTable);
    return hr;
}

static HRESULT ListRootFolders(LPSTR pszProfile)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpRoot = NULL;
    LPMAPITABLE lpHier = NULL;
    LPSRowSet lpRows = NULL;
    ULONG ulObjType = 0;
    ULONG i;

    CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL, //~ missing-logoff
                       MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_USE_DEFAULT, &lpSession));
    CHK_HR(OpenDefaultStore(lpSession, &lpMDB));
    CHK_HR(lpMDB->lpVtbl->OpenEntry(lpMDB, 0, NULL, NULL, MAPI_BEST_ACCESS,
                                    &ulObjType, (LPUNKNOWN *)&lpRoot));
    CHK_HR(lpRoot->lpVtbl->GetHierarchyTable(lpRoot, 0, &lpHier));
    CHK_HR(HrQueryAllRows(lpHier, (LPSPropTagArray)&sptHierCols, NULL, NULL, 0, &lpRows));

    for (i = 0; i < lpRows->cRows; i++) {
        LPSPropValue lpProps = lpRows->aRow[i].lpProps;
        printf("%-40s %lu\n",
               PROP_TYPE(lpProps[iName].ulPropTag) == PT_STRING8 ? lpProps[iName].Value.lpszA : "(no name)",
               PROP_TYPE(lpProps[iCount].ulPropTag) == PT_LONG ? (unsigned long)lpProps[iCount].Value.l : 0UL);
    }

    /* Success: let go of everything opened from the session, then log off. */
    FreeProws(lpRows);
    lpRows = NULL;
    UlRelease(lpHier);
    lpHier = NULL;
    UlRelease(lpRoot);
    lpRoot = NULL;
    UlRelease(lpMDB);
    lpMDB = NULL;
    lpSession->lpVtbl->Logoff(lpSession, 0, 0, 0);

Cleanup:
    /* Shared exit. BUG: the failure paths reach this point still logged on. */
    if (lpRows)
        FreeProws(lpRows);
    UlRelease(lpHier);
    UlRelease(lpRoot);
    UlRelease(lpMDB);
    UlRelease(lpSession);
    return hr;
}

static void usage(const char *prog)
{
    fprintf(stderr, "usage: %s [profile]\n", prog);
}

int main(int argc, char **argv)
{
    HRESULT hr;
    LPSTR pszProfile = NULL;

    if (argc > 2) {
        usage(argv[0]);
        return 2;
    }
    if (argc == 2)
        pszProfile = argv[1];

    hr = MAPIInitialize(NULL);
    if (FAILED(hr)) {
        fprintf(stderr, "MAPIInitialize failed: 0x%08lx\n", (unsigned long)hr);
        return 1;
    }

    hr = ListRootFolders(pszProfile);

    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
