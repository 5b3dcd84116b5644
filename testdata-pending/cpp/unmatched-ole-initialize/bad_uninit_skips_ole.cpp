// calexport: writes the appointments of the default calendar as CSV lines.
// The start-up code keeps OLE and MAPI state in global flags. Bug: UninitAll()
// returns early when MAPI never came up, so when OleInitialize succeeded and
// MAPIInitialize then failed, OLE is never uninitialized.
#include <windows.h>
#include <ole2.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

BOOL g_fOleInit = FALSE;
BOOL g_bMapiInit = FALSE;

HRESULT InitAll()
{
    HRESULT hr = OleInitialize(NULL); //~ unmatched-ole-initialize
    if (FAILED(hr))
        return hr;
    g_fOleInit = TRUE;

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return hr;                 // the caller is expected to call UninitAll()
    g_bMapiInit = TRUE;
    return S_OK;
}

void UninitAll()
{
    if (!g_bMapiInit)
        return;                    // wrong: OLE may have been started without MAPI
    if (g_fOleInit)
    {
        OleUninitialize();
        g_fOleInit = FALSE;
    }
    MAPIUninitialize();
    g_bMapiInit = FALSE;
}

static HRESULT ExportCalendar(LPMAPISESSION lpSession, FILE* out)
{
    HRESULT hr = S_OK;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpRoot = NULL;
    LPMAPIFOLDER lpCalendar = NULL;
    LPSPropValue lpCalEID = NULL;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    ULONG ulType = 0;
    SizedSPropTagArray(1, sptCols) = { 1, { PR_SUBJECT_W } };

    CHK_HR(HrOpenDefaultMsgStore(lpSession, &lpMDB));   // project helper, body not scanned
    CHK_HR(lpMDB->OpenEntry(0, NULL, NULL, 0, &ulType, (LPUNKNOWN*)&lpRoot));
    CHK_HR(HrGetOneProp(lpRoot, PR_IPM_APPOINTMENT_ENTRYID, &lpCalEID));
    CHK_HR(lpMDB->OpenEntry(lpCalEID->Value.bin.cb, (LPENTRYID)lpCalEID->Value.bin.lpb,
                            NULL, 0, &ulType, (LPUNKNOWN*)&lpCalendar));
    CHK_HR(lpCalendar->GetContentsTable(MAPI_UNICODE, &lpTable));
    CHK_HR(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows));
    for (ULONG i = 0; i < lpRows->cRows; i++)
    {
        const SPropValue& v = lpRows->aRow[i].lpProps[0];
        fwprintf(out, L"\"%ls\"\n", PROP_TYPE(v.ulPropTag) == PT_UNICODE ? v.Value.lpszW : L"");
    }

Cleanup:
    if (lpRows) FreeProws(lpRows);
    if (lpTable) lpTable->Release();
    if (lpCalendar) lpCalendar->Release();
    MAPIFreeBuffer(lpCalEID);
    if (lpRoot) lpRoot->Release();
    if (lpMDB) lpMDB->Release();
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    FILE* out = stdout;

    if (argc > 1 && _wfopen_s(&out, argv[1], L"w") != 0)
    {
        fwprintf(stderr, L"cannot open %ls\n", argv[1]);
        return 2;
    }

    hr = InitAll();
    if (SUCCEEDED(hr))
    {
        hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_UNICODE, &lpSession);
        if (SUCCEEDED(hr))
        {
            hr = ExportCalendar(lpSession, out);
            lpSession->Logoff(0, 0, 0);
            lpSession->Release();
        }
    }
    if (FAILED(hr))
        fwprintf(stderr, L"calexport failed: 0x%08lx\n", hr);

    UninitAll();
    if (out != stdout)
        fclose(out);
    return FAILED(hr) ? 1 : 0;
}
