// stampinbox.cpp - raises the importance of every unread Inbox message and archives a copy
// of its flag properties into a "Reviewed" folder.
//
// Usage: stampinbox <profile>
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) { printf("%s failed: 0x%08lx\n", #x, hr); goto Cleanup; } } while (0)

static void LogProblems(const char* pszWhat, LPSPropProblemArray lpProblems)
{
    if (!lpProblems) return;
    for (ULONG i = 0; i < lpProblems->cProblem; i++)
    {
        printf("%s: property 0x%08lx index %lu failed with 0x%08lx\n", pszWhat,
            lpProblems->aProblem[i].ulPropTag, lpProblems->aProblem[i].ulIndex,
            lpProblems->aProblem[i].scode);
    }
}

// Sets the new importance and drops the expiry time. The problem array of SetProps is
// meant to be logged and freed before DeleteProps reports its own problems.
static HRESULT StampMessage(LPMESSAGE lpMsg)
{
    HRESULT hr = S_OK;
    LPSPropProblemArray lpProblems = NULL;
    SPropValue rgProps[2] = {};
    SizedSPropTagArray(1, sptaRemove) = { 1, { PR_EXPIRY_TIME } };

    rgProps[0].ulPropTag = PR_IMPORTANCE;
    rgProps[0].Value.l = IMPORTANCE_HIGH;
    rgProps[1].ulPropTag = PR_SENSITIVITY;
    rgProps[1].Value.l = SENSITIVITY_PRIVATE;

    CHK_HR(lpMsg->SetProps(2, rgProps, &lpProblems)); //~ leaked-mapi-buffer
    LogProblems("SetProps", lpProblems);
    // BUG: the SetProps problem array is overwritten here without MAPIFreeBuffer.
    CHK_HR(lpMsg->DeleteProps((LPSPropTagArray)&sptaRemove, &lpProblems));
    LogProblems("DeleteProps", lpProblems);
    CHK_HR(lpMsg->SaveChanges(KEEP_OPEN_READWRITE));

Cleanup:
    MAPIFreeBuffer(lpProblems);
    return hr;
}

// Copies the flag properties to a new message of the archive folder.
static HRESULT ArchiveFlags(LPMESSAGE lpMsg, LPMAPIFOLDER lpArchive)
{
    HRESULT hr = S_OK;
    LPMESSAGE lpCopy = NULL;
    LPSPropProblemArray lpProblems = NULL;
    SizedSPropTagArray(3, sptaFlags) = { 3, { PR_IMPORTANCE, PR_SENSITIVITY, PR_FLAG_STATUS } };

    CHK_HR(lpArchive->CreateMessage(NULL, 0, &lpCopy));
    CHK_HR(lpMsg->CopyProps((LPSPropTagArray)&sptaFlags, 0, NULL, &IID_IMessage, lpCopy, 0, &lpProblems)); //~ leaked-mapi-buffer
    if (lpProblems && lpProblems->cProblem == sptaFlags.cValues)
    {
        // Nothing was copied: give up on this message.
        printf("no flag property could be copied\n");
        lpCopy->Release();
        return MAPI_E_NOT_FOUND; // BUG: lpProblems is lost here
    }
    LogProblems("CopyProps", lpProblems);
    MAPIFreeBuffer(lpProblems);
    lpProblems = NULL;
    CHK_HR(lpCopy->SaveChanges(0));

Cleanup:
    if (lpCopy) lpCopy->Release();
    return hr;
}

static HRESULT ProcessInbox(LPMDB lpMDB, LPMAPIFOLDER lpInbox, LPMAPIFOLDER lpArchive)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(1, sptaCols) = { 1, { PR_ENTRYID } };

    CHK_HR(lpInbox->GetContentsTable(0, &lpTable));
    CHK_HR(lpTable->SetColumns((LPSPropTagArray)&sptaCols, TBL_BATCH));
    for (;;)
    {
        CHK_HR(lpTable->QueryRows(25, 0, &lpRows));
        if (lpRows->cRows == 0) break;
        for (ULONG i = 0; i < lpRows->cRows; i++)
        {
            LPMESSAGE lpMsg = NULL;
            ULONG ulType = 0;
            const SBinary& eid = lpRows->aRow[i].lpProps[0].Value.bin;
            if (FAILED(lpMDB->OpenEntry(eid.cb, (LPENTRYID)eid.lpb, &IID_IMessage, MAPI_MODIFY,
                    &ulType, (LPUNKNOWN*)&lpMsg)))
                continue;
            if (SUCCEEDED(StampMessage(lpMsg)))
                ArchiveFlags(lpMsg, lpArchive);
            lpMsg->Release();
        }
        FreeProws(lpRows);
        lpRows = NULL;
    }

Cleanup:
    FreeProws(lpRows);
    if (lpTable) lpTable->Release();
    return hr;
}

// Finds the default store in the message store table and opens it.
static HRESULT OpenDefaultStore(LPMAPISESSION lpSession, LPMDB* lppMDB)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpStores = NULL;
    LPSRowSet lpRows = NULL;
    SRestriction sres = {};
    SPropValue spvDefault = {};
    SizedSPropTagArray(2, sptaStore) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    *lppMDB = NULL;
    spvDefault.ulPropTag = PR_DEFAULT_STORE;
    spvDefault.Value.b = TRUE;
    sres.rt = RES_PROPERTY;
    sres.res.resProperty.relop = RELOP_EQ;
    sres.res.resProperty.ulPropTag = PR_DEFAULT_STORE;
    sres.res.resProperty.lpProp = &spvDefault;

    CHK_HR(lpSession->GetMsgStoresTable(0, &lpStores));
    CHK_HR(HrQueryAllRows(lpStores, (LPSPropTagArray)&sptaStore, &sres, NULL, 0, &lpRows));
    if (lpRows->cRows != 1)
    {
        hr = MAPI_E_NOT_FOUND;
        goto Cleanup;
    }
    CHK_HR(lpSession->OpenMsgStore(0, lpRows->aRow[0].lpProps[0].Value.bin.cb,
        (LPENTRYID)lpRows->aRow[0].lpProps[0].Value.bin.lpb, NULL,
        MDB_WRITE | MAPI_BEST_ACCESS, lppMDB));

Cleanup:
    FreeProws(lpRows);
    if (lpStores) lpStores->Release();
    return hr;
}

int main(int argc, char** argv)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpInbox = NULL;
    LPMAPIFOLDER lpArchive = NULL;
    ULONG cbInbox = 0;
    LPENTRYID lpInboxEID = NULL;
    ULONG ulType = 0;

    if (argc < 2)
    {
        printf("usage: %s <profile>\n", argv[0]);
        return 2;
    }

    hr = MAPIInitialize(NULL);
    if (FAILED(hr)) return 1;

    CHK_HR(MAPILogonEx(0, (LPTSTR)argv[1], NULL, MAPI_NEW_SESSION | MAPI_EXTENDED, &lpSession));
    CHK_HR(OpenDefaultStore(lpSession, &lpMDB));
    CHK_HR(lpMDB->GetReceiveFolder((LPTSTR)"IPM.Note", 0, &cbInbox, &lpInboxEID, NULL));
    CHK_HR(lpMDB->OpenEntry(cbInbox, lpInboxEID, NULL, MAPI_MODIFY, &ulType, (LPUNKNOWN*)&lpInbox));
    CHK_HR(lpInbox->CreateFolder(FOLDER_GENERIC, (LPTSTR)"Reviewed", NULL, NULL, OPEN_IF_EXISTS, &lpArchive));
    hr = ProcessInbox(lpMDB, lpInbox, lpArchive);

Cleanup:
    MAPIFreeBuffer(lpInboxEID);
    if (lpArchive) lpArchive->Release();
    if (lpInbox) lpInbox->Release();
    if (lpMDB) lpMDB->Release();
    if (lpSession)
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
