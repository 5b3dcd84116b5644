/* mailcount.c: prints the number of messages in the Inbox of the default profile.
 * Fatal errors go through functions declared noreturn; while the session is still
 * logged on and open objects are held, those paths end the process, so nothing is
 * reported for what they leave behind.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <mapix.h>
#include <mapiutil.h>

/* Provided by the project's support library (not in these sources). */
extern void crash_report_and_exit(const char *where, HRESULT hr) __attribute__((noreturn));

static void fail(const char *what, HRESULT hr) __attribute__((noreturn));

static void fail(const char *what, HRESULT hr)
{
    fprintf(stderr, "mailcount: %s failed (0x%08lx)\n", what, (unsigned long)hr);
    fflush(stderr);
    _exit(1);
}

static ULONG count_rows(LPMAPITABLE lpTable)
{
    ULONG cRows = 0;
    HRESULT hr = lpTable->lpVtbl->GetRowCount(lpTable, 0, &cRows);
    if (FAILED(hr))
        fail("GetRowCount", hr);
    return cRows;
}

static LPMDB open_default_store(LPMAPISESSION lpSession)
{
    HRESULT hr;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    LPMDB lpMDB = NULL;
    SizedSPropTagArray(2, cols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };
    ULONG i;

    hr = IMAPISession_GetMsgStoresTable(lpSession, 0, &lpTable);
    if (FAILED(hr))
        fail("GetMsgStoresTable", hr);
    hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&cols, NULL, NULL, 0, &lpRows);
    if (FAILED(hr))
        fail("HrQueryAllRows", hr);   /* the table is still open: the process ends anyway */
    for (i = 0; i < lpRows->cRows && lpMDB == NULL; i++)
    {
        LPSPropValue p = lpRows->aRow[i].lpProps;
        if (p[1].ulPropTag != PR_DEFAULT_STORE || !p[1].Value.b)
            continue;
        hr = IMAPISession_OpenMsgStore(lpSession, 0, p[0].Value.bin.cb,
                (LPENTRYID)p[0].Value.bin.lpb, NULL, MDB_NO_DIALOG, &lpMDB);
        if (FAILED(hr))
            crash_report_and_exit("OpenMsgStore", hr);
    }
    FreeProws(lpRows);
    lpTable->lpVtbl->Release(lpTable);
    if (lpMDB == NULL)
        abort();   /* a profile without a default store is a broken installation */
    return lpMDB;
}

int main(void)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpInbox = NULL;
    LPMAPITABLE lpContents = NULL;
    ULONG cbEID = 0, ulType = 0;
    LPENTRYID lpEID = NULL;

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        fail("MAPIInitialize", hr);

    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &lpSession);
    if (FAILED(hr))
        fail("MAPILogonEx", hr);       /* MAPI still initialized: ends with the process */

    lpMDB = open_default_store(lpSession);

    hr = lpMDB->lpVtbl->GetReceiveFolder(lpMDB, (LPTSTR)"IPM", 0, &cbEID, &lpEID, NULL);
    if (FAILED(hr))
        fail("GetReceiveFolder", hr);  /* session logged on, store open */

    hr = lpMDB->lpVtbl->OpenEntry(lpMDB, cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN *)&lpInbox);
    if (FAILED(hr))
        fail("OpenEntry(Inbox)", hr);  /* lpEID not freed: ends with the process */
    MAPIFreeBuffer(lpEID);

    hr = lpInbox->lpVtbl->GetContentsTable(lpInbox, 0, &lpContents);
    if (FAILED(hr))
        crash_report_and_exit("GetContentsTable", hr);

    printf("%lu messages in the Inbox\n", (unsigned long)count_rows(lpContents));

    UlRelease(lpContents);
    UlRelease(lpInbox);
    UlRelease(lpMDB);
    IMAPISession_Logoff(lpSession, 0, 0, 0);
    IMAPISession_Release(lpSession);
    MAPIUninitialize();
    return 0;
}
