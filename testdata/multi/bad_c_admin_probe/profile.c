/* profile.c - temporary profile management through IProfAdmin. */
#include "probe.h"
#include <stdio.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) { fprintf(stderr, "%s: 0x%08lx\n", #x, (unsigned long)hr); goto Cleanup; } } while (0)

HRESULT CreateProbeProfile(LPCSTR pszPstPath)
{
    HRESULT hr = S_OK;
    LPPROFADMIN lpAdmin = NULL;
    LPSERVICEADMIN lpSvc = NULL;
    LPMAPITABLE lpSvcTable = NULL;
    LPSRowSet lpRows = NULL;
    SPropValue rgProps[1];
    SRestriction res;
    SPropValue propName;
    static SizedSPropTagArray(1, sptUid) = { 1, { PR_SERVICE_UID } };

    CHK(MAPIAdminProfiles(0, &lpAdmin));
    lpAdmin->lpVtbl->DeleteProfile(lpAdmin, (LPTSTR)ABPROBE_PROFILE, 0);
    CHK(lpAdmin->lpVtbl->CreateProfile(lpAdmin, (LPTSTR)ABPROBE_PROFILE, NULL, 0, 0));
    CHK(lpAdmin->lpVtbl->AdminServices(lpAdmin, (LPTSTR)ABPROBE_PROFILE, NULL, 0, 0, &lpSvc));
    CHK(lpSvc->lpVtbl->CreateMsgService(lpSvc, (LPTSTR)"MSUPST MS", NULL, 0, 0));

    /* Find the service we just added and point it at the PST. */
    CHK(lpSvc->lpVtbl->GetMsgServiceTable(lpSvc, 0, &lpSvcTable));
    propName.ulPropTag = PR_SERVICE_NAME_A;
    propName.Value.lpszA = (LPSTR)"MSUPST MS";
    res.rt = RES_PROPERTY;
    res.res.resProperty.relop = RELOP_EQ;
    res.res.resProperty.ulPropTag = PR_SERVICE_NAME_A;
    res.res.resProperty.lpProp = &propName;
    CHK(HrQueryAllRows(lpSvcTable, (LPSPropTagArray)&sptUid, &res, NULL, 1, &lpRows));
    if (lpRows->cRows != 1) {
        hr = MAPI_E_NOT_FOUND;
        goto Cleanup;
    }
    rgProps[0].ulPropTag = PR_PST_PATH_A;
    rgProps[0].Value.lpszA = (LPSTR)pszPstPath;
    CHK(lpSvc->lpVtbl->ConfigureMsgService(lpSvc, (LPMAPIUID)lpRows->aRow[0].lpProps[0].Value.bin.lpb,
                                           0, 0, 1, rgProps));

Cleanup:
    if (lpRows)
        FreeProws(lpRows);
    if (lpSvcTable)
        lpSvcTable->lpVtbl->Release(lpSvcTable);
    if (lpSvc)
        lpSvc->lpVtbl->Release(lpSvc);
    if (lpAdmin)
        lpAdmin->lpVtbl->Release(lpAdmin);
    return hr;
}

void DeleteProbeProfile(void)
{
    LPPROFADMIN lpAdmin = NULL;
    if (FAILED(MAPIAdminProfiles(0, &lpAdmin)))
        return;
    lpAdmin->lpVtbl->DeleteProfile(lpAdmin, (LPTSTR)ABPROBE_PROFILE, 0);
    lpAdmin->lpVtbl->Release(lpAdmin);
}
