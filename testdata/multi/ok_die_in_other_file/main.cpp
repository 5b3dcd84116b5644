// abdump: lists the entries of the default global address list container.
// Fatal errors go through die()/die_hr() of diag.c, which end the process: the
// address book, the session and MAPI held at those calls are not reported.
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <mapix.h>
#include <mapiutil.h>
#include "diag.h"

static void DumpContainer(LPADRBOOK lpAB)
{
    HRESULT hr;
    ULONG cbEID = 0, ulType = 0;
    LPENTRYID lpEID = NULL;
    LPABCONT lpGAL = NULL;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(2, sptCols) = { 2, { PR_DISPLAY_NAME_A, PR_EMAIL_ADDRESS_A } };

    hr = lpAB->GetDefaultDir(&cbEID, &lpEID);
    if (FAILED(hr))
        die_hr("GetDefaultDir", hr);
    hr = lpAB->OpenEntry(cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpGAL);
    if (FAILED(hr))
        die_hr("OpenEntry(default directory)", hr);   // lpEID held: process ends
    MAPIFreeBuffer(lpEID);

    hr = lpGAL->GetContentsTable(0, &lpTable);
    if (FAILED(hr))
        die_hr("GetContentsTable", hr);
    hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows);
    if (FAILED(hr))
        die_hr("HrQueryAllRows", hr);

    for (ULONG i = 0; i < lpRows->cRows; i++)
    {
        LPSPropValue p = lpRows->aRow[i].lpProps;
        printf("%-40s %s\n",
               PROP_TYPE(p[0].ulPropTag) == PT_STRING8 ? p[0].Value.lpszA : "",
               PROP_TYPE(p[1].ulPropTag) == PT_STRING8 ? p[1].Value.lpszA : "");
    }
    trace("%lu entries", lpRows->cRows);

    FreeProws(lpRows);
    lpTable->Release();
    lpGAL->Release();
}

int main(int argc, char** argv)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPADRBOOK lpAB = NULL;

    if (argc > 1 && strcmp(argv[1], "-v") == 0)
        g_verbosity = 1;
    else if (argc > 1)
        die("usage: abdump [-v]");

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        die_hr("MAPIInitialize", hr);

    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession);
    if (FAILED(hr))
        die_hr("MAPILogonEx", hr);

    hr = lpSession->OpenAddressBook(0, NULL, AB_NO_DIALOG, &lpAB);
    if (FAILED(hr))
        die_hr("OpenAddressBook", hr);

    DumpContainer(lpAB);

    lpAB->Release();
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    MAPIUninitialize();
    return 0;
}
