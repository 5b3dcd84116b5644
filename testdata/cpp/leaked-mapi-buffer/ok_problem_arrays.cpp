// cloneprops.cpp - copies a contact's properties onto a template message and cleans the
// template up afterwards. Every problem array is freed, or never asked for.
//
// Usage: cloneprops <profile> <subject>
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static void DumpProblems(const char* pszWhat, const SPropProblemArray* lpProblems)
{
    if (lpProblems == NULL) return;
    for (ULONG i = 0; i < lpProblems->cProblem; i++)
        printf("  %s problem: tag 0x%08lx scode 0x%08lx\n", pszWhat,
            lpProblems->aProblem[i].ulPropTag, lpProblems->aProblem[i].scode);
}

// NULL for the problem array: the caller does not care which property failed.
static HRESULT SetSubject(LPMESSAGE lpMsg, LPCSTR pszSubject)
{
    SPropValue spv = {};
    spv.ulPropTag = PR_SUBJECT_A;
    spv.Value.lpszA = (LPSTR)pszSubject;
    return lpMsg->SetProps(1, &spv, NULL);
}

// Problem array freed in the cleanup label on every path, also when SaveChanges fails.
static HRESULT StripAttachmentsInfo(LPMESSAGE lpMsg)
{
    HRESULT hr = S_OK;
    LPSPropProblemArray lpProblems = NULL;
    SizedSPropTagArray(2, sptaStrip) = { 2, { PR_HASATTACH, PR_MESSAGE_SIZE } };

    CHK_HR(lpMsg->DeleteProps((LPSPropTagArray)&sptaStrip, &lpProblems));
    DumpProblems("DeleteProps", lpProblems);
    CHK_HR(lpMsg->SaveChanges(KEEP_OPEN_READWRITE));

Cleanup:
    if (lpProblems) MAPIFreeBuffer(lpProblems);
    return hr;
}

// Two successive calls reuse one variable: the first array is freed before the second call.
static HRESULT CopyEverything(LPMESSAGE lpSrc, LPMESSAGE lpDest)
{
    HRESULT hr = S_OK;
    LPSPropProblemArray lpProblems = NULL;
    SizedSPropTagArray(1, sptaExclude) = { 1, { PR_MESSAGE_RECIPIENTS } };
    SPropValue spvFlags = {};

    hr = lpSrc->CopyTo(0, NULL, (LPSPropTagArray)&sptaExclude, 0, NULL, &IID_IMessage, lpDest, 0, &lpProblems);
    if (FAILED(hr))
    {
        // A failed CopyTo does not return a problem array.
        printf("CopyTo failed: 0x%08lx\n", hr);
        return hr;
    }
    DumpProblems("CopyTo", lpProblems);
    MAPIFreeBuffer(lpProblems);
    lpProblems = NULL;

    spvFlags.ulPropTag = PR_MESSAGE_FLAGS;
    spvFlags.Value.l = MSGFLAG_UNSENT;
    hr = lpDest->SetProps(1, &spvFlags, &lpProblems);
    if (SUCCEEDED(hr))
    {
        DumpProblems("SetProps", lpProblems);
        MAPIFreeBuffer(lpProblems);
    }
    return hr;
}

// CopyProps into a template: the problem array goes back to the caller, which frees it.
static HRESULT CopyContactFields(LPMESSAGE lpSrc, LPMESSAGE lpDest, LPSPropProblemArray* lppProblems)
{
    SizedSPropTagArray(3, sptaFields) = { 3, { PR_DISPLAY_NAME_A, PR_EMAIL_ADDRESS_A, PR_COMPANY_NAME_A } };
    return lpSrc->CopyProps((LPSPropTagArray)&sptaFields, 0, NULL, &IID_IMessage, lpDest, 0, lppProblems);
}

static HRESULT CloneOne(LPMAPIFOLDER lpFolder, LPMESSAGE lpSrc, LPCSTR pszSubject)
{
    HRESULT hr = S_OK;
    LPMESSAGE lpDest = NULL;
    LPSPropProblemArray lpProblems = NULL;

    CHK_HR(lpFolder->CreateMessage(NULL, 0, &lpDest));
    CHK_HR(CopyEverything(lpSrc, lpDest));
    CHK_HR(CopyContactFields(lpSrc, lpDest, &lpProblems));
    DumpProblems("CopyProps", lpProblems);
    CHK_HR(SetSubject(lpDest, pszSubject));
    CHK_HR(StripAttachmentsInfo(lpDest));

Cleanup:
    MAPIFreeBuffer(lpProblems);
    if (lpDest) lpDest->Release();
    return hr;
}

static HRESULT FirstMessage(LPMAPIFOLDER lpFolder, LPMDB lpMDB, LPMESSAGE* lppMsg)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    ULONG ulType = 0;
    SizedSPropTagArray(1, sptaCols) = { 1, { PR_ENTRYID } };

    CHK_HR(lpFolder->GetContentsTable(0, &lpTable));
    CHK_HR(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptaCols, NULL, NULL, 1, &lpRows));
    if (lpRows->cRows == 0)
    {
        hr = MAPI_E_NOT_FOUND;
        goto Cleanup;
    }
    CHK_HR(lpMDB->OpenEntry(lpRows->aRow[0].lpProps[0].Value.bin.cb,
        (LPENTRYID)lpRows->aRow[0].lpProps[0].Value.bin.lpb, &IID_IMessage, 0, &ulType, (LPUNKNOWN*)lppMsg));

Cleanup:
    if (lpRows) FreeProws(lpRows);
    if (lpTable) lpTable->Release();
    return hr;
}

int main(int argc, char** argv)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpFolder = NULL;
    LPMESSAGE lpSrc = NULL;
    LPSPropValue lpRoot = NULL;
    ULONG ulType = 0;

    if (argc < 3)
    {
        printf("usage: %s <profile> <subject>\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL))) return 1;

    CHK_HR(MAPILogonEx(0, (LPTSTR)argv[1], NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession));
    CHK_HR(lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_WRITE, &lpMDB));
    CHK_HR(HrGetOneProp(lpMDB, PR_IPM_SUBTREE_ENTRYID, &lpRoot));
    CHK_HR(lpMDB->OpenEntry(lpRoot->Value.bin.cb, (LPENTRYID)lpRoot->Value.bin.lpb, NULL,
        MAPI_MODIFY, &ulType, (LPUNKNOWN*)&lpFolder));
    CHK_HR(FirstMessage(lpFolder, lpMDB, &lpSrc));
    hr = CloneOne(lpFolder, lpSrc, argv[2]);
    printf("clone: 0x%08lx\n", hr);

Cleanup:
    if (lpSrc) lpSrc->Release();
    if (lpFolder) lpFolder->Release();
    MAPIFreeBuffer(lpRoot);
    if (lpMDB) lpMDB->Release();
    if (lpSession)
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
