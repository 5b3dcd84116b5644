/* tree.c - lists the folders under the IPM subtree and the Inbox of the default store.
 *
 * Usage: tree <profile>
 */
#include <stdio.h>
#include "folders.h"

#define CHK(x) do { hr = (x); if (FAILED(hr)) { fprintf(stderr, "%s: 0x%08lx\n", #x, hr); goto Cleanup; } } while (0)

static const GUID PSETID_Tree = { 0x5a1c3e2f, 0x11d2, 0x4b9a, { 0x8e, 0x10, 0x3c, 0x55, 0x72, 0x01, 0x9f, 0x4d } };

static void PrintRows(const char* pszTitle, LPSRowSet lpRows)
{
    ULONG i;
    printf("%s\n", pszTitle);
    for (i = 0; i < lpRows->cRows; i++)
    {
        LPSPropValue lpCols = lpRows->aRow[i].lpProps;
        printf("  %-30s %ld\n",
            PROP_TYPE(lpCols[0].ulPropTag) == PT_STRING8 ? lpCols[0].Value.lpszA : "?",
            PROP_TYPE(lpCols[1].ulPropTag) == PT_LONG ? lpCols[1].Value.l : -1L);
    }
}

static HRESULT ShowTree(LPMDB lpMDB)
{
    HRESULT hr = S_OK;
    LPSPropValue lpRootEID = NULL;
    ULONG cbInbox = 0;
    LPENTRYID lpInboxEID = NULL;
    LPMAPIFOLDER lpRoot = NULL;
    LPSRowSet lpRows = NULL;
    ULONG ulType = 0;
    ULONG ulTag;

    CHK(GetSpecialFolderEID(lpMDB, PR_IPM_SUBTREE_ENTRYID, &lpRootEID));
    CHK(GetInboxEID(lpMDB, &cbInbox, &lpInboxEID));
    CHK(lpMDB->lpVtbl->OpenEntry(lpMDB, lpRootEID->Value.bin.cb, (LPENTRYID)lpRootEID->Value.bin.lpb,
        NULL, 0, &ulType, (LPUNKNOWN*)&lpRoot));

    lpRows = ListSubfolders(lpRoot);
    if (lpRows == NULL)
    {
        hr = MAPI_E_CALL_FAILED;
        goto Cleanup;
    }
    PrintRows("IPM subtree:", lpRows);
    FreeProws(lpRows);
    lpRows = NULL;

    ulTag = GetNamedTag((LPMAPIPROP)lpRoot, (LPGUID)&PSETID_Tree, L"LastScan");
    printf("named tag: 0x%08lx, inbox entry id: %lu bytes\n", ulTag, cbInbox);

Cleanup:
    if (lpRows) FreeProws(lpRows);
    if (lpRoot) lpRoot->lpVtbl->Release(lpRoot);
    MAPIFreeBuffer(lpInboxEID);
    MAPIFreeBuffer(lpRootEID);
    return hr;
}

int main(int argc, char** argv)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;

    if (argc != 2)
    {
        fprintf(stderr, "usage: %s <profile>\n", argv[0]);
        return 2;
    }
    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    CHK(MAPILogonEx(0, (LPTSTR)argv[1], NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession));
    CHK(lpSession->lpVtbl->OpenMsgStore(lpSession, 0, 0, NULL, NULL, MDB_NO_DIALOG, &lpMDB));
    hr = ShowTree(lpMDB);

Cleanup:
    UlRelease(lpMDB);
    if (lpSession)
    {
        lpSession->lpVtbl->Logoff(lpSession, 0, 0, 0);
        lpSession->lpVtbl->Release(lpSession);
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
