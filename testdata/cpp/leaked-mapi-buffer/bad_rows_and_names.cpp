// tagmail.cpp - adds a category (the "Keywords" named property) to every message of the
// Inbox whose subject contains a given word.
//
// Usage: tagmail <profile> <word> <category>
#include <windows.h>
#include <atlbase.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static const GUID PS_PUBLIC_STRINGS_LOCAL = { 0x00020329, 0x0000, 0x0000, { 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46 } };

// Prints the provider's extended error text for a failed call.
static void ReportError(LPMAPIPROP lpObj, HRESULT hrFailed, const char* pszWhat)
{
    LPMAPIERROR lpErr = NULL;
    if (lpObj && lpObj->GetLastError(hrFailed, 0, &lpErr) == S_OK && lpErr) //~ leaked-mapi-buffer
    {
        printf("%s failed: 0x%08lx (%s, component %s)\n", pszWhat, hrFailed,
            lpErr->lpszError ? (char*)lpErr->lpszError : "-",
            lpErr->lpszComponent ? (char*)lpErr->lpszComponent : "-");
        // BUG: lpErr is never given back with MAPIFreeBuffer.
        return;
    }
    printf("%s failed: 0x%08lx\n", pszWhat, hrFailed);
}

// Resolves the Keywords named property into a multi-valued string tag.
static HRESULT GetKeywordsTag(LPMAPIPROP lpObj, ULONG* pulTag)
{
    HRESULT hr = S_OK;
    MAPINAMEID nameid = {};
    LPMAPINAMEID lpNameID = &nameid;
    LPSPropTagArray lpTags = NULL;

    nameid.lpguid = (LPGUID)&PS_PUBLIC_STRINGS_LOCAL;
    nameid.ulKind = MNID_STRING;
    nameid.Kind.lpwstrName = (LPWSTR)L"Keywords";

    hr = lpObj->GetIDsFromNames(1, &lpNameID, MAPI_CREATE, &lpTags); //~ leaked-mapi-buffer
    if (FAILED(hr))
    {
        ReportError(lpObj, hr, "GetIDsFromNames");
        return hr;
    }
    // MAPI_W_ERRORS_RETURNED still hands out the array, with PT_ERROR in the failed slot.
    if (PROP_TYPE(lpTags->aulPropTag[0]) == PT_ERROR)
        return MAPI_E_NOT_FOUND; // BUG: lpTags leaks here
    *pulTag = CHANGE_PROP_TYPE(lpTags->aulPropTag[0], PT_MV_STRING8);
    MAPIFreeBuffer(lpTags);
    return S_OK;
}

static HRESULT TagMessage(LPMDB lpMDB, const SBinary& eid, ULONG ulTag, LPSTR pszCategory)
{
    HRESULT hr = S_OK;
    CComPtr<IMessage> spMsg;
    ULONG ulType = 0;
    SPropValue spv = {};

    CHK_HR(lpMDB->OpenEntry(eid.cb, (LPENTRYID)eid.lpb, &IID_IMessage, MAPI_MODIFY, &ulType, (LPUNKNOWN*)&spMsg));
    spv.ulPropTag = ulTag;
    spv.Value.MVszA.cValues = 1;
    spv.Value.MVszA.lppszA = &pszCategory;
    CHK_HR(spMsg->SetProps(1, &spv, NULL));
    CHK_HR(spMsg->SaveChanges(0));
Cleanup:
    if (FAILED(hr)) ReportError(spMsg, hr, "TagMessage");
    return hr;
}

static HRESULT TagInbox(LPMDB lpMDB, LPCSTR pszWord, LPSTR pszCategory)
{
    HRESULT hr = S_OK;
    CComPtr<IMAPIFolder> spInbox;
    CComPtr<IMAPITable> spTable;
    ULONG cbInbox = 0;
    LPENTRYID lpInboxEID = NULL;
    LPSRowSet lpRows = NULL;
    ULONG ulType = 0, ulTag = PR_NULL, cTagged = 0;
    SizedSPropTagArray(2, sptaCols) = { 2, { PR_ENTRYID, PR_SUBJECT_A } };

    CHK_HR(lpMDB->GetReceiveFolder(NULL, 0, &cbInbox, &lpInboxEID, NULL));
    CHK_HR(lpMDB->OpenEntry(cbInbox, lpInboxEID, NULL, MAPI_MODIFY, &ulType, (LPUNKNOWN*)&spInbox));
    CHK_HR(GetKeywordsTag(spInbox, &ulTag));
    CHK_HR(spInbox->GetContentsTable(0, &spTable));
    CHK_HR(spTable->SetColumns((LPSPropTagArray)&sptaCols, 0));

    for (;;)
    {
        CHK_HR(spTable->QueryRows(50, 0, &lpRows));
        if (lpRows->cRows == 0) break;
        for (ULONG i = 0; i < lpRows->cRows; i++)
        {
            LPSPropValue lpCols = lpRows->aRow[i].lpProps;
            if (PROP_TYPE(lpCols[1].ulPropTag) != PT_STRING8 || !strstr(lpCols[1].Value.lpszA, pszWord))
                continue;
            if (SUCCEEDED(TagMessage(lpMDB, lpCols[0].Value.bin, ulTag, pszCategory)))
                cTagged++;
        }
        FreeProws(lpRows);
        lpRows = NULL;
    }
    printf("%lu message(s) tagged\n", cTagged);

Cleanup:
    if (lpRows) FreeProws(lpRows);
    MAPIFreeBuffer(lpInboxEID);
    return hr;
}

int main(int argc, char** argv)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;

    if (argc != 4)
    {
        printf("usage: %s <profile> <word> <category>\n", argv[0]);
        return 2;
    }
    hr = MAPIInitialize(NULL);
    if (FAILED(hr)) return 1;
    CHK_HR(MAPILogonEx(0, (LPTSTR)argv[1], NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &lpSession));
    CHK_HR(lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_WRITE, &lpMDB));
    hr = TagInbox(lpMDB, argv[2], argv[3]);

Cleanup:
    if (lpMDB) lpMDB->Release();
    if (lpSession)
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
