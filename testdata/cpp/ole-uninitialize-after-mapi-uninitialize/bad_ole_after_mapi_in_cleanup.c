/* rulesdump.c: lists the server-side rules of the Inbox (IExchangeModifyTable).
 * Start-up and shutdown are split in two functions that share global flags; the
 * flags themselves are handled correctly. Bug: cleanup() ends MAPI first and OLE
 * after it, the order that makes a MAPI client terminate ungracefully.
 */
#include <windows.h>
#include <ole2.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>
#include <edkmdb.h>

static BOOL g_fOleInit = FALSE;
static BOOL g_bMapiInit = FALSE;

static HRESULT startup(void)
{
    HRESULT hr = OleInitialize(NULL);
    if (FAILED(hr))
        return hr;
    g_fOleInit = TRUE;

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return hr;
    g_bMapiInit = TRUE;
    return S_OK;
}

static void cleanup(void)
{
    if (g_bMapiInit)
    {
        MAPIUninitialize();
        g_bMapiInit = FALSE;
    }
    if (g_fOleInit)
    {
        OleUninitialize(); //~ ole-uninitialize-after-mapi-uninitialize
        g_fOleInit = FALSE;
    }
}

static HRESULT dump_rules(LPMAPIFOLDER lpInbox)
{
    HRESULT hr;
    LPEXCHANGEMODIFYTABLE lpExTable = NULL;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    ULONG i;
    SizedSPropTagArray(2, cols) = { 2, { PR_RULE_NAME_A, PR_RULE_SEQUENCE } };

    hr = lpInbox->lpVtbl->OpenProperty(lpInbox, PR_RULES_TABLE, &IID_IExchangeModifyTable, 0,
                                       MAPI_DEFERRED_ERRORS, (LPUNKNOWN *)&lpExTable);
    if (FAILED(hr))
        return hr;
    hr = lpExTable->lpVtbl->GetTable(lpExTable, 0, &lpTable);
    if (SUCCEEDED(hr))
    {
        hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&cols, NULL, NULL, 0, &lpRows);
        if (SUCCEEDED(hr))
        {
            for (i = 0; i < lpRows->cRows; i++)
                printf("%3ld  %s\n", lpRows->aRow[i].lpProps[1].Value.l,
                       PROP_TYPE(lpRows->aRow[i].lpProps[0].ulPropTag) == PT_STRING8
                           ? lpRows->aRow[i].lpProps[0].Value.lpszA : "(unnamed)");
            FreeProws(lpRows);
        }
        lpTable->lpVtbl->Release(lpTable);
    }
    lpExTable->lpVtbl->Release(lpExTable);
    return hr;
}

int main(void)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpInbox = NULL;
    ULONG cbEID = 0, ulType = 0;
    LPENTRYID lpEID = NULL;

    hr = startup();
    if (FAILED(hr))
        goto done;

    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession);
    if (FAILED(hr))
        goto done;

    hr = HrOpenDefaultMsgStore(lpSession, &lpMDB);   /* project helper, body not scanned */
    if (SUCCEEDED(hr))
    {
        hr = lpMDB->lpVtbl->GetReceiveFolder(lpMDB, (LPTSTR)"IPM.Note", 0, &cbEID, &lpEID, NULL);
        if (SUCCEEDED(hr))
        {
            hr = lpMDB->lpVtbl->OpenEntry(lpMDB, cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN *)&lpInbox);
            MAPIFreeBuffer(lpEID);
        }
        if (SUCCEEDED(hr))
        {
            hr = dump_rules(lpInbox);
            lpInbox->lpVtbl->Release(lpInbox);
        }
        lpMDB->lpVtbl->Release(lpMDB);
    }
    IMAPISession_Logoff(lpSession, 0, 0, 0);
    IMAPISession_Release(lpSession);

done:
    if (FAILED(hr))
        fprintf(stderr, "rulesdump: 0x%08lx\n", (unsigned long)hr);
    cleanup();
    return FAILED(hr) ? 1 : 0;
}
