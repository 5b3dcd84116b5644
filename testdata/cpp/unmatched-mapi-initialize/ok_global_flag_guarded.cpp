// profinfo: prints the services of a profile. MAPI and OLE state is kept in global
// flags that are set only when the start call succeeded and tested (and cleared) by
// Shutdown(), which may therefore run on every exit path, even twice.
#include <windows.h>
#include <ole2.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static bool g_fOleInit = false;    // OleInitialize succeeded
static bool g_bMapiInit = false;   // MAPIInitialize succeeded
static bool g_fUseOle = true;

static HRESULT InitOle()
{
    if (!g_fUseOle)
        return S_OK;
    HRESULT hr = OleInitialize(NULL);
    if (FAILED(hr))
    {
        wprintf(L"OleInitialize failed: 0x%08lx\n", hr);
        return hr;
    }
    g_fOleInit = true;
    return S_OK;
}

static HRESULT InitMapi()
{
    MAPIINIT_0 init = { MAPI_INIT_VERSION, 0 };
    HRESULT hr = MAPIInitialize(&init);
    if (FAILED(hr))
    {
        wprintf(L"MAPIInitialize failed: 0x%08lx\n", hr);
        return hr;
    }
    g_bMapiInit = true;
    return S_OK;
}

// OLE is ended before MAPI, each only if it was started; safe to call twice.
static void Shutdown()
{
    if (g_fOleInit)
    {
        OleUninitialize();
        g_fOleInit = false;
    }
    if (g_bMapiInit)
    {
        MAPIUninitialize();
        g_bMapiInit = false;
    }
}

static HRESULT ListServices(LPMAPISESSION lpSession)
{
    HRESULT hr = S_OK;
    LPSERVICEADMIN lpAdmin = NULL;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(2, sptCols) = { 2, { PR_DISPLAY_NAME_W, PR_SERVICE_NAME_W } };

    CHK_HR(lpSession->AdminServices(0, &lpAdmin));
    CHK_HR(lpAdmin->GetMsgServiceTable(0, &lpTable));
    CHK_HR(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows));
    for (ULONG i = 0; i < lpRows->cRows; i++)
    {
        LPSPropValue p = lpRows->aRow[i].lpProps;
        wprintf(L"%-40ls %ls\n",
                PROP_TYPE(p[0].ulPropTag) == PT_UNICODE ? p[0].Value.lpszW : L"?",
                PROP_TYPE(p[1].ulPropTag) == PT_UNICODE ? p[1].Value.lpszW : L"?");
    }

Cleanup:
    if (lpRows) FreeProws(lpRows);
    if (lpTable) lpTable->Release();
    if (lpAdmin) lpAdmin->Release();
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPWSTR pszProfile = NULL;

    for (int i = 1; i < argc; i++)
    {
        if (_wcsicmp(argv[i], L"/noole") == 0)
            g_fUseOle = false;
        else
            pszProfile = argv[i];
    }

    if (FAILED(InitOle()))
        return 1;
    if (FAILED(InitMapi()))
    {
        Shutdown();                 // ends OLE only: g_bMapiInit is still false
        return 1;
    }

    hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                     MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | (pszProfile ? 0 : MAPI_USE_DEFAULT),
                     &lpSession);
    if (FAILED(hr))
    {
        wprintf(L"MAPILogonEx failed: 0x%08lx\n", hr);
        Shutdown();
        return 2;
    }

    hr = ListServices(lpSession);
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    if (FAILED(hr))
    {
        wprintf(L"listing the services failed: 0x%08lx\n", hr);
        Shutdown();                 // the second Shutdown below is then a no-op
    }

    Shutdown();
    return FAILED(hr) ? 3 : 0;
}
