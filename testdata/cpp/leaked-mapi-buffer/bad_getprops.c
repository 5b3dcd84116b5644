/* attlist.c - lists the file attachments of the newest messages of the Inbox.
 *
 * Usage: attlist <profile> [count]
 */
#include <stdio.h>
#include <stdlib.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) { fprintf(stderr, "%s:%d: 0x%08lx\n", __FILE__, __LINE__, hr); goto Cleanup; } } while (0)

static void usage(const char* argv0)
{
    fprintf(stderr, "usage: %s <profile> [count]\n", argv0);
}

/* Prints name and size of each attachment of one message. */
static HRESULT ListAttachments(LPMESSAGE lpMsg)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    ULONG i;
    SizedSPropTagArray(1, sptaNum) = { 1, { PR_ATTACH_NUM } };
    SizedSPropTagArray(3, sptaAtt) = { 3, { PR_ATTACH_METHOD, PR_ATTACH_FILENAME_A, PR_ATTACH_SIZE } };

    CHK(lpMsg->lpVtbl->GetAttachmentTable(lpMsg, 0, &lpTable));
    CHK(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptaNum, NULL, NULL, 0, &lpRows));

    for (i = 0; i < lpRows->cRows; i++)
    {
        LPATTACH lpAttach = NULL;
        LPSPropValue lpProps = NULL;
        ULONG cValues = 0;

        if (FAILED(lpMsg->lpVtbl->OpenAttach(lpMsg, lpRows->aRow[i].lpProps[0].Value.l, NULL, 0, &lpAttach)))
            continue;
        hr = lpAttach->lpVtbl->GetProps(lpAttach, (LPSPropTagArray)&sptaAtt, 0, &cValues, &lpProps); //~ leaked-mapi-buffer
        lpAttach->lpVtbl->Release(lpAttach);
        if (FAILED(hr))
            continue;
        /* Embedded messages and OLE objects have no file name: skip them. */
        if (lpProps[0].ulPropTag != PR_ATTACH_METHOD || lpProps[0].Value.l != ATTACH_BY_VALUE)
            continue;   /* BUG: lpProps is not freed on this path */
        printf("    %s (%ld bytes)\n",
            lpProps[1].ulPropTag == PR_ATTACH_FILENAME_A ? lpProps[1].Value.lpszA : "(no name)",
            lpProps[2].ulPropTag == PR_ATTACH_SIZE ? lpProps[2].Value.l : 0L);
        MAPIFreeBuffer(lpProps);
    }
    hr = S_OK;

Cleanup:
    if (lpRows) FreeProws(lpRows);
    if (lpTable) lpTable->lpVtbl->Release(lpTable);
    return hr;
}

static HRESULT ListInbox(LPMDB lpMDB, LPMAPIFOLDER lpInbox, LONG cMax)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    ULONG i;
    SizedSPropTagArray(3, sptaCols) = { 3, { PR_ENTRYID, PR_SUBJECT_A, PR_HASATTACH } };
    SizedSSortOrderSet(1, sosNewest) = { 1, 0, 0, { { PR_MESSAGE_DELIVERY_TIME, TABLE_SORT_DESCEND } } };

    CHK(lpInbox->lpVtbl->GetContentsTable(lpInbox, 0, &lpTable));
    CHK(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptaCols, NULL, (LPSSortOrderSet)&sosNewest, cMax, &lpRows)); //~ leaked-mapi-buffer
    if (lpRows->cRows == 0)
    {
        printf("the Inbox is empty\n");
        lpTable->lpVtbl->Release(lpTable);
        return S_OK;    /* BUG: the empty row set is still a MAPI allocation */
    }
    for (i = 0; i < lpRows->cRows; i++)
    {
        LPSPropValue lpCols = lpRows->aRow[i].lpProps;
        LPMESSAGE lpMsg = NULL;
        ULONG ulType = 0;

        if (lpCols[2].ulPropTag != PR_HASATTACH || !lpCols[2].Value.b)
            continue;
        printf("%s\n", lpCols[1].ulPropTag == PR_SUBJECT_A ? lpCols[1].Value.lpszA : "(no subject)");
        hr = lpMDB->lpVtbl->OpenEntry(lpMDB, lpCols[0].Value.bin.cb, (LPENTRYID)lpCols[0].Value.bin.lpb,
            &IID_IMessage, 0, &ulType, (LPUNKNOWN*)&lpMsg);
        if (FAILED(hr))
            continue;
        ListAttachments(lpMsg);
        lpMsg->lpVtbl->Release(lpMsg);
    }
    hr = S_OK;

Cleanup:
    if (lpRows) FreeProws(lpRows);
    if (lpTable) lpTable->lpVtbl->Release(lpTable);
    return hr;
}

int main(int argc, char** argv)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpInbox = NULL;
    ULONG cbInbox = 0, ulType = 0;
    LPENTRYID lpInboxEID = NULL;
    LONG cMax = 20;

    if (argc < 2)
    {
        usage(argv[0]);
        return 2;
    }
    if (argc > 2)
        cMax = atol(argv[2]);

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    CHK(MAPILogonEx(0, (LPTSTR)argv[1], NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession));
    CHK(lpSession->lpVtbl->OpenMsgStore(lpSession, 0, 0, NULL, NULL, MDB_NO_DIALOG, &lpMDB));
    CHK(lpMDB->lpVtbl->GetReceiveFolder(lpMDB, NULL, 0, &cbInbox, &lpInboxEID, NULL));
    CHK(lpMDB->lpVtbl->OpenEntry(lpMDB, cbInbox, lpInboxEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpInbox));
    hr = ListInbox(lpMDB, lpInbox, cMax);

Cleanup:
    MAPIFreeBuffer(lpInboxEID);
    if (lpInbox)
        lpInbox->lpVtbl->Release(lpInbox);
    if (lpMDB)
        lpMDB->lpVtbl->Release(lpMDB);
    if (lpSession)
    {
        IMAPISession_Logoff(lpSession, 0, 0, 0);
        IMAPISession_Release(lpSession);
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
