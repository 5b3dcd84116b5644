/* main.c - mailtool: lists the subjects of the most recent messages in the Inbox.
 *
 * main() always pairs OpenSession() with CloseSession() through the Cleanup label, and
 * MAPIUninitialize runs only when MAPIInitialize succeeded (the failed initialize returns
 * before anything else).
 */
#include "mailtool.h"
#include <stdio.h>
#include <stdlib.h>
#include <mapiutil.h>

static SizedSPropTagArray(1, sptSubject) = { 1, { PR_SUBJECT_A } };

HRESULT ListRecent(ULONG cMax)
{
    HRESULT hr;
    ULONG cbEID = 0, ulType = 0, i;
    LPENTRYID lpEID = NULL;
    LPMAPIFOLDER lpInbox = NULL;
    LPMAPITABLE lpContents = NULL;
    LPSRowSet lpRows = NULL;

    hr = g_lpMDB->lpVtbl->GetReceiveFolder(g_lpMDB, (LPTSTR)"IPM.Note", 0, &cbEID, &lpEID, NULL);
    if (FAILED(hr))
        return hr;
    hr = g_lpMDB->lpVtbl->OpenEntry(g_lpMDB, cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN *)&lpInbox);
    MAPIFreeBuffer(lpEID);
    if (FAILED(hr))
        return hr;

    hr = lpInbox->lpVtbl->GetContentsTable(lpInbox, 0, &lpContents);
    if (SUCCEEDED(hr)) {
        hr = lpContents->lpVtbl->SetColumns(lpContents, (LPSPropTagArray)&sptSubject, 0);
        if (SUCCEEDED(hr))
            hr = lpContents->lpVtbl->QueryRows(lpContents, (LONG)cMax, 0, &lpRows);
        if (SUCCEEDED(hr)) {
            for (i = 0; i < lpRows->cRows; i++)
                printf("%s\n", lpRows->aRow[i].lpProps[0].Value.lpszA);
            FreeProws(lpRows);
        }
        lpContents->lpVtbl->Release(lpContents);
    }
    lpInbox->lpVtbl->Release(lpInbox);
    return hr;
}

int main(int argc, char **argv)
{
    HRESULT hr;
    ULONG cMax = 10;
    LPCSTR pszProfile = NULL;

    if (argc > 1)
        pszProfile = argv[1];
    if (argc > 2)
        cMax = (ULONG)strtoul(argv[2], NULL, 10);
    if (argc > 3) {
        fprintf(stderr, "usage: %s [profile [count]]\n", argv[0]);
        return 2;
    }

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    hr = OpenSession(pszProfile);
    if (FAILED(hr)) {
        fprintf(stderr, "OpenSession: 0x%08lx\n", (unsigned long)hr);
        goto Cleanup;
    }
    hr = ListRecent(cMax);

Cleanup:
    CloseSession();
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
