// mapiexport: copies the subjects of the Inbox of a profile to a text file.
// Die() reports, tears MAPI down itself and ends the process. It never returns,
// so nothing written after a Die(...) call runs after its MAPIUninitialize, and the
// CComPtr locals alive at a Die(...) are never destroyed (exit does not unwind).
#include <windows.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define WC_H(x) do { hr = (x); if (FAILED(hr)) wprintf(L"warning: %hs failed 0x%08lx\n", #x, hr); } while (0)

static FILE* g_out = NULL;

// Every path ends in exit(): a no-return function of the scanned code.
static void Die(const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (g_out)
        fclose(g_out);
    MAPIUninitialize();
    exit(3);
}

static void usage()
{
    fprintf(stderr, "usage: mapiexport <profile> <output.txt>\n");
    exit(2);
}

static HRESULT ExportInbox(LPMAPISESSION lpSession)
{
    HRESULT hr = S_OK;
    CComPtr<IMsgStore> spStore;
    CComPtr<IMAPIFolder> spInbox;
    CComPtr<IMAPITable> spContents;
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;
    ULONG ulType = 0;
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(1, sptCols) = { 1, { PR_SUBJECT_A } };

    hr = HrOpenDefaultStore(lpSession, &spStore);   // project helper, body not scanned
    if (FAILED(hr))
        Die("cannot open the default store: 0x%08lx", hr);

    hr = spStore->GetReceiveFolder((LPTSTR)"IPM.Note", 0, &cbEID, &lpEID, NULL);
    if (FAILED(hr))
        Die("GetReceiveFolder failed: 0x%08lx", hr);

    hr = spStore->OpenEntry(cbEID, lpEID, NULL, MAPI_BEST_ACCESS, &ulType, (LPUNKNOWN*)&spInbox);
    MAPIFreeBuffer(lpEID);
    lpEID = NULL;
    if (FAILED(hr))
        Die("cannot open the Inbox: 0x%08lx", hr);

    hr = spInbox->GetContentsTable(0, &spContents);
    if (FAILED(hr))
        Die("GetContentsTable failed: 0x%08lx", hr);
    hr = spContents->SetColumns((LPSPropTagArray)&sptCols, 0);
    if (FAILED(hr))
        Die("SetColumns failed: 0x%08lx", hr);

    ULONG cTotal = 0;
    for (;;)
    {
        hr = spContents->QueryRows(100, 0, &lpRows);
        if (FAILED(hr))
            Die("QueryRows failed after %lu rows: 0x%08lx", cTotal, hr);
        if (lpRows->cRows == 0)
            break;
        for (ULONG i = 0; i < lpRows->cRows; i++)
        {
            const SPropValue& v = lpRows->aRow[i].lpProps[0];
            fprintf(g_out, "%s\n", PROP_TYPE(v.ulPropTag) == PT_STRING8 ? v.Value.lpszA : "(no subject)");
        }
        cTotal += lpRows->cRows;
        FreeProws(lpRows);
        lpRows = NULL;
    }
    FreeProws(lpRows);
    printf("%lu messages exported\n", cTotal);
    return S_OK;
}

int main(int argc, char** argv)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;

    if (argc != 3)
        usage();

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
    {
        fprintf(stderr, "MAPIInitialize failed: 0x%08lx\n", hr);
        return 1;
    }

    g_out = fopen(argv[2], "w");
    if (!g_out)
        Die("cannot create %s", argv[2]);

    hr = MAPILogonEx(0, (LPTSTR)argv[1], NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession);
    if (FAILED(hr))
        Die("MAPILogonEx(%s) failed: 0x%08lx", argv[1], hr);

    ExportInbox(lpSession);

    WC_H(lpSession->Logoff(0, 0, 0));
    lpSession->Release();
    fclose(g_out);
    g_out = NULL;
    MAPIUninitialize();
    return 0;
}
