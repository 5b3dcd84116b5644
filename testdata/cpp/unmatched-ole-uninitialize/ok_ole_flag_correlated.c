/* attdump.c: saves the attachments of the newest Inbox message to the current
 * directory. OLE is only needed for embedded OLE attachments (-o). g_fOleInit is
 * set only when OleInitialize succeeded; cleanup() tests it, ends OLE before MAPI
 * and is called on every path that got past start().
 */
#include <windows.h>
#include <ole2.h>
#include <stdio.h>
#include <string.h>
#include <mapix.h>
#include <mapiutil.h>

static BOOL g_fOleInit = FALSE;
static BOOL g_fMapiInit = FALSE;

static void cleanup(void)
{
    if (g_fOleInit)
    {
        OleUninitialize();
        g_fOleInit = FALSE;
    }
    if (g_fMapiInit)
    {
        MAPIUninitialize();
        g_fMapiInit = FALSE;
    }
}

static HRESULT start(BOOL fNeedOle)
{
    HRESULT hr;

    if (fNeedOle)
    {
        hr = OleInitialize(NULL);
        if (FAILED(hr))
        {
            fprintf(stderr, "OleInitialize failed: 0x%08lx\n", (unsigned long)hr);
            return hr;
        }
        g_fOleInit = TRUE;
    }

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
    {
        fprintf(stderr, "MAPIInitialize failed: 0x%08lx\n", (unsigned long)hr);
        cleanup();                 /* ends OLE if it was started */
        return hr;
    }
    g_fMapiInit = TRUE;
    return S_OK;
}

static HRESULT save_attachments(LPMESSAGE lpMsg)
{
    HRESULT hr;
    LPMAPITABLE lpAttTable = NULL;
    LPSRowSet lpRows = NULL;
    ULONG i;
    SizedSPropTagArray(2, cols) = { 2, { PR_ATTACH_NUM, PR_ATTACH_METHOD } };

    hr = lpMsg->lpVtbl->GetAttachmentTable(lpMsg, 0, &lpAttTable);
    if (FAILED(hr))
        return hr;
    hr = HrQueryAllRows(lpAttTable, (LPSPropTagArray)&cols, NULL, NULL, 0, &lpRows);
    if (SUCCEEDED(hr))
    {
        for (i = 0; i < lpRows->cRows; i++)
        {
            LPATTACH lpAttach = NULL;
            if (FAILED(lpMsg->lpVtbl->OpenAttach(lpMsg, lpRows->aRow[i].lpProps[0].Value.l, NULL, 0, &lpAttach)))
                continue;
            printf("attachment %lu, method %ld\n", (unsigned long)i, lpRows->aRow[i].lpProps[1].Value.l);
            lpAttach->lpVtbl->Release(lpAttach);
        }
        FreeProws(lpRows);
    }
    lpAttTable->lpVtbl->Release(lpAttTable);
    return hr;
}

int main(int argc, char **argv)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPMESSAGE lpMsg = NULL;
    BOOL fOle = (argc > 1 && strcmp(argv[1], "-o") == 0);

    if (FAILED(start(fOle)))
        return 1;

    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession);
    if (FAILED(hr))
    {
        fprintf(stderr, "MAPILogonEx failed: 0x%08lx\n", (unsigned long)hr);
        cleanup();
        return 1;
    }

    hr = HrOpenNewestInboxMessage(lpSession, &lpMsg);   /* project helper, body not scanned */
    if (SUCCEEDED(hr))
    {
        hr = save_attachments(lpMsg);
        lpMsg->lpVtbl->Release(lpMsg);
    }

    lpSession->lpVtbl->Logoff(lpSession, 0, 0, 0);
    lpSession->lpVtbl->Release(lpSession);
    cleanup();
    return FAILED(hr) ? 2 : 0;
}
