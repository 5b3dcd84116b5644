/* purgedrafts.c - deletes Drafts older than a number of days after checking that the
 * spooler is up. All objects are released in the Cleanup label before the session is
 * logged off there, except two that the label forgets.
 *
 * Usage: purgedrafts <profile> <days>
 */
#include <stdio.h>
#include <stdlib.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) { fprintf(stderr, "%s: 0x%08lx\n", #x, hr); goto Cleanup; } } while (0)

static void usage(const char* argv0)
{
    fprintf(stderr, "usage: %s <profile> <days>\n", argv0);
}

/* FILETIME for "now minus cDays". */
static FILETIME CutOff(int cDays)
{
    FILETIME ft;
    ULARGE_INTEGER uli;
    GetSystemTimeAsFileTime(&ft);
    uli.LowPart = ft.dwLowDateTime;
    uli.HighPart = ft.dwHighDateTime;
    uli.QuadPart -= (ULONGLONG)cDays * 24 * 3600 * 10000000;
    ft.dwLowDateTime = uli.LowPart;
    ft.dwHighDateTime = uli.HighPart;
    return ft;
}

int main(int argc, char** argv)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMAPITABLE lpStatus = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpDrafts = NULL;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    LPSPropValue lpDraftsEID = NULL;
    LPMAPIFOLDER lpInbox = NULL;
    LPENTRYID lpInboxEID = NULL;
    ULONG cbInbox = 0, ulType = 0, cStatus = 0, i;
    SizedSPropTagArray(2, sptaCols) = { 2, { PR_ENTRYID, PR_LAST_MODIFICATION_TIME } };
    FILETIME ftCut;

    if (argc != 3)
    {
        usage(argv[0]);
        return 2;
    }
    ftCut = CutOff(atoi(argv[2]));

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;
    CHK(MAPILogonEx(0, (LPTSTR)argv[1], NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &lpSession));

    /* Make sure the spooler and the transports are there. */
    CHK(lpSession->lpVtbl->GetStatusTable(lpSession, 0, &lpStatus)); //~ open-object-at-logoff
    CHK(lpStatus->lpVtbl->GetRowCount(lpStatus, 0, &cStatus));
    printf("%lu status row(s)\n", cStatus);

    CHK(lpSession->lpVtbl->OpenMsgStore(lpSession, 0, 0, NULL, NULL, MDB_WRITE | MDB_NO_DIALOG, &lpMDB));
    CHK(lpMDB->lpVtbl->GetReceiveFolder(lpMDB, NULL, 0, &cbInbox, &lpInboxEID, NULL));
    CHK(lpMDB->lpVtbl->OpenEntry(lpMDB, cbInbox, lpInboxEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpInbox));
    CHK(HrGetOneProp((LPMAPIPROP)lpInbox, PR_IPM_DRAFTS_ENTRYID, &lpDraftsEID));
    CHK(lpMDB->lpVtbl->OpenEntry(lpMDB, lpDraftsEID->Value.bin.cb, (LPENTRYID)lpDraftsEID->Value.bin.lpb,
        NULL, MAPI_MODIFY, &ulType, (LPUNKNOWN*)&lpDrafts));
    CHK(lpDrafts->lpVtbl->GetContentsTable(lpDrafts, 0, &lpTable));
    CHK(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptaCols, NULL, NULL, 0, &lpRows));

    for (i = 0; i < lpRows->cRows; i++)
    {
        LPSPropValue lpCols = lpRows->aRow[i].lpProps;
        LPMESSAGE lpMsg = NULL;
        ENTRYLIST el;

        if (lpCols[1].ulPropTag != PR_LAST_MODIFICATION_TIME || CompareFileTime(&lpCols[1].Value.ft, &ftCut) >= 0)
            continue;
        /* Open it first so that a draft still open in an editor is skipped. */
        CHK(lpMDB->lpVtbl->OpenEntry(lpMDB, lpCols[0].Value.bin.cb, (LPENTRYID)lpCols[0].Value.bin.lpb, //~ open-object-at-logoff
            &IID_IMessage, MAPI_MODIFY, &ulType, (LPUNKNOWN*)&lpMsg));
        el.cValues = 1;
        el.lpbin = &lpCols[0].Value.bin;
        /* BUG: on failure the goto leaves lpMsg open; Cleanup does not know about it. */
        CHK(lpDrafts->lpVtbl->DeleteMessages(lpDrafts, &el, 0, NULL, 0));
        lpMsg->lpVtbl->Release(lpMsg);
    }

Cleanup:
    if (lpRows)
        FreeProws(lpRows);
    if (lpTable)
        lpTable->lpVtbl->Release(lpTable);
    if (lpDrafts)
        lpDrafts->lpVtbl->Release(lpDrafts);
    if (lpInbox)
        lpInbox->lpVtbl->Release(lpInbox);
    MAPIFreeBuffer(lpDraftsEID);
    MAPIFreeBuffer(lpInboxEID);
    if (lpMDB)
        lpMDB->lpVtbl->Release(lpMDB);
    /* BUG: lpStatus is never released. */
    if (lpSession)
    {
        lpSession->lpVtbl->Logoff(lpSession, 0, 0, 0);
        lpSession->lpVtbl->Release(lpSession);
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
