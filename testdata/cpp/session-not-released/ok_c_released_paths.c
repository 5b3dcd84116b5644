/* abdump.c - prints the display names in the root container of the address book.
 *
 * Correct: OpenSession() hands a fresh session to its caller through an out parameter
 * (and leaves *lppSession NULL when the logon fails); every caller path that got one
 * passes it to CloseSession(), which logs off and releases it. The global session used by
 * the "watch" mode is closed by ShutdownWatch() on every path of main.
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <mapix.h>
#include <mapiutil.h>

static LPMAPISESSION g_lpWatchSession = NULL;

static HRESULT OpenSession(LPSTR pszProfile, LPMAPISESSION *lppSession)
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr;

    *lppSession = NULL;
    hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                     MAPI_EXTENDED | MAPI_NEW_SESSION | (pszProfile ? 0 : MAPI_USE_DEFAULT),
                     &lpSession);
    if (FAILED(hr))
        return hr;
    *lppSession = lpSession;
    return S_OK;
}

static void CloseSession(LPMAPISESSION lpSession)
{
    if (lpSession == NULL)
        return;
    lpSession->lpVtbl->Logoff(lpSession, 0, 0, 0);
    UlRelease(lpSession);
}

static HRESULT DumpRootContainer(LPMAPISESSION lpSession)
{
    HRESULT hr;
    LPADRBOOK lpAdrBook = NULL;
    LPABCONT lpRoot = NULL;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    ULONG ulObjType = 0, i;
    SizedSPropTagArray(1, sptCols) = { 1, { PR_DISPLAY_NAME_A } };

    hr = lpSession->lpVtbl->OpenAddressBook(lpSession, 0, NULL, AB_NO_DIALOG, &lpAdrBook);
    if (FAILED(hr))
        return hr;
    hr = lpAdrBook->lpVtbl->OpenEntry(lpAdrBook, 0, NULL, NULL, 0, &ulObjType, (LPUNKNOWN *)&lpRoot);
    if (SUCCEEDED(hr))
        hr = lpRoot->lpVtbl->GetHierarchyTable(lpRoot, 0, &lpTable);
    if (SUCCEEDED(hr))
        hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows);
    if (SUCCEEDED(hr)) {
        for (i = 0; i < lpRows->cRows; i++)
            printf("  %s\n", PROP_TYPE(lpRows->aRow[i].lpProps[0].ulPropTag) == PT_STRING8
                                 ? lpRows->aRow[i].lpProps[0].Value.lpszA : "(unnamed)");
        FreeProws(lpRows);
    }
    UlRelease(lpTable);
    UlRelease(lpRoot);
    UlRelease(lpAdrBook);
    return hr;
}

static HRESULT StartWatch(void)
{
    return OpenSession(NULL, &g_lpWatchSession);
}

static void ShutdownWatch(void)
{
    CloseSession(g_lpWatchSession);
    g_lpWatchSession = NULL;
}

int main(int argc, char **argv)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPSTR pszProfile = NULL;
    BOOL fWatch = FALSE;
    int i;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-w") == 0)
            fWatch = TRUE;
        else
            pszProfile = argv[i];
    }

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    if (fWatch && FAILED(StartWatch())) {
        fprintf(stderr, "cannot open the watch session\n");
        MAPIUninitialize();
        return 1;
    }

    hr = OpenSession(pszProfile, &lpSession);
    if (FAILED(hr)) {
        fprintf(stderr, "logon failed: 0x%08lx\n", (unsigned long)hr);
        ShutdownWatch();
        MAPIUninitialize();
        return 1;
    }

    hr = DumpRootContainer(lpSession);
    if (FAILED(hr)) {
        fprintf(stderr, "address book failed: 0x%08lx\n", (unsigned long)hr);
        CloseSession(lpSession);
        ShutdownWatch();
        MAPIUninitialize();
        return 1;
    }

    CloseSession(lpSession);
    lpSession = NULL;
    ShutdownWatch();
    MAPIUninitialize();
    return 0;
}
