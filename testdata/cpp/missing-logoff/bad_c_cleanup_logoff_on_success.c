/* delsubj.c - deletes every message in the Inbox whose subject starts with a prefix.
 *
 * Classic C layout: every step checks hr and jumps to the shared Cleanup label, which
 * releases what was acquired in reverse order.
 *
 * BUG: Cleanup only logs off when the whole run succeeded ("no point logging off
 * cleanly after an error"); on every error path after the logon the session is
 * released without Logoff.
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) { fprintf(stderr, "%s: 0x%08lx\n", #x, (unsigned long)hr); goto Cleanup; } } while (0)

enum { COL_EID, COL_SUBJECT, NUM_COLS };
static SizedSPropTagArray(NUM_COLS, sptCols) = { NUM_COLS, { PR_ENTRYID, PR_SUBJECT_A } };

static HRESULT DeleteMatching(LPMAPIFOLDER lpFolder, LPCSTR pszPrefix, ULONG *pcDeleted)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpContents = NULL;
    LPSRowSet lpRows = NULL;
    ENTRYLIST el;
    ULONG i;
    size_t cchPrefix = strlen(pszPrefix);

    CHK(lpFolder->lpVtbl->GetContentsTable(lpFolder, 0, &lpContents));
    CHK(HrQueryAllRows(lpContents, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows));

    for (i = 0; i < lpRows->cRows; i++) {
        LPSPropValue lpCols = lpRows->aRow[i].lpProps;
        if (PROP_TYPE(lpCols[COL_SUBJECT].ulPropTag) != PT_STRING8)
            continue;
        if (strncmp(lpCols[COL_SUBJECT].Value.lpszA, pszPrefix, cchPrefix) != 0)
            continue;
        el.cValues = 1;
        el.lpbin = &lpCols[COL_EID].Value.bin;
        CHK(lpFolder->lpVtbl->DeleteMessages(lpFolder, &el, 0, NULL, 0));
        (*pcDeleted)++;
    }

Cleanup:
    if (lpRows)
        FreeProws(lpRows);
    if (lpContents)
        lpContents->lpVtbl->Release(lpContents);
    return hr;
}

/* Copies the PR_ENTRYID of the default store into a MAPIAllocateBuffer block
 * (*lppEID); the caller frees it. */
static HRESULT GetDefaultStoreEID(LPMAPISESSION lpSession, ULONG *pcb, LPENTRYID *lppEID)
{
    static SizedSPropTagArray(2, sptStore) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    ULONG i;

    CHK(lpSession->lpVtbl->GetMsgStoresTable(lpSession, 0, &lpTable));
    CHK(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptStore, NULL, NULL, 0, &lpRows));
    hr = MAPI_E_NOT_FOUND;
    for (i = 0; i < lpRows->cRows; i++) {
        LPSPropValue lpCols = lpRows->aRow[i].lpProps;
        if (lpCols[1].ulPropTag != PR_DEFAULT_STORE || !lpCols[1].Value.b)
            continue;
        CHK(MAPIAllocateBuffer(lpCols[0].Value.bin.cb, (LPVOID *)lppEID));
        memcpy(*lppEID, lpCols[0].Value.bin.lpb, lpCols[0].Value.bin.cb);
        *pcb = lpCols[0].Value.bin.cb;
        break;
    }

Cleanup:
    if (lpRows)
        FreeProws(lpRows);
    if (lpTable)
        lpTable->lpVtbl->Release(lpTable);
    return hr;
}

int main(int argc, char **argv)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpInbox = NULL;
    LPENTRYID lpStoreEID = NULL;
    ULONG cbStore = 0, cbInbox = 0, ulType = 0, cDeleted = 0;
    LPENTRYID lpInboxEID = NULL;
    BOOL fInit = FALSE;

    if (argc != 3) {
        fprintf(stderr, "usage: %s profile subject-prefix\n", argv[0]);
        return 2;
    }

    CHK(MAPIInitialize(NULL));
    fInit = TRUE;
    CHK(MAPILogonEx(0, (LPTSTR)argv[1], NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE, &lpSession)); //~ missing-logoff
    CHK(GetDefaultStoreEID(lpSession, &cbStore, &lpStoreEID));
    CHK(lpSession->lpVtbl->OpenMsgStore(lpSession, 0, cbStore, lpStoreEID, NULL,
                                        MDB_WRITE | MDB_NO_DIALOG, &lpMDB));
    CHK(lpMDB->lpVtbl->GetReceiveFolder(lpMDB, (LPTSTR)"IPM.Note", 0, &cbInbox, &lpInboxEID, NULL));
    CHK(lpMDB->lpVtbl->OpenEntry(lpMDB, cbInbox, lpInboxEID, NULL, MAPI_MODIFY, &ulType,
                                 (LPUNKNOWN *)&lpInbox));
    CHK(DeleteMatching(lpInbox, argv[2], &cDeleted));
    printf("%lu message(s) deleted\n", cDeleted);

Cleanup:
    if (lpInbox)
        lpInbox->lpVtbl->Release(lpInbox);
    MAPIFreeBuffer(lpInboxEID);
    if (lpMDB)
        lpMDB->lpVtbl->Release(lpMDB);
    MAPIFreeBuffer(lpStoreEID);
    if (lpSession) {
        if (SUCCEEDED(hr))
            IMAPISession_Logoff(lpSession, 0, 0, 0);
        lpSession->lpVtbl->Release(lpSession);
    }
    if (fInit)
        MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
