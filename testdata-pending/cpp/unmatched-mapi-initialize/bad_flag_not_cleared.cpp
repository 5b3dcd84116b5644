// pstcheck: opens a PST-backed profile and verifies that every top-level folder can
// be opened. The MAPI state is kept in a global flag set on success. Bug: Shutdown()
// never clears the flag, and the "abort" path calls Shutdown() before returning to
// main, which calls it again: MAPIUninitialize runs twice for one MAPIInitialize.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static bool g_bMapiInit = false;
static ULONG g_cBad = 0;

static HRESULT Startup()
{
    MAPIINIT_0 init = { MAPI_INIT_VERSION, MAPI_NO_COINIT };
    HRESULT hr = MAPIInitialize(&init);
    if (FAILED(hr))
        return hr;
    g_bMapiInit = true;
    return S_OK;
}

static void Shutdown()
{
    if (g_bMapiInit)
        MAPIUninitialize(); //~ unmatched-mapi-initialize
    // g_bMapiInit is left true
}

static HRESULT CheckFolders(LPMDB lpMDB)
{
    HRESULT hr = S_OK;
    LPSPropValue lpSubtree = NULL;
    LPMAPIFOLDER lpRoot = NULL;
    LPMAPITABLE lpHier = NULL;
    LPSRowSet lpRows = NULL;
    ULONG ulType = 0;
    SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DISPLAY_NAME_A } };

    CHK_HR(HrGetOneProp(lpMDB, PR_IPM_SUBTREE_ENTRYID, &lpSubtree));
    CHK_HR(lpMDB->OpenEntry(lpSubtree->Value.bin.cb, (LPENTRYID)lpSubtree->Value.bin.lpb,
                            NULL, 0, &ulType, (LPUNKNOWN*)&lpRoot));
    CHK_HR(lpRoot->GetHierarchyTable(0, &lpHier));
    CHK_HR(HrQueryAllRows(lpHier, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows));
    for (ULONG i = 0; i < lpRows->cRows; i++)
    {
        LPMAPIFOLDER lpSub = NULL;
        const SBinary& eid = lpRows->aRow[i].lpProps[0].Value.bin;
        if (FAILED(lpMDB->OpenEntry(eid.cb, (LPENTRYID)eid.lpb, NULL, 0, &ulType, (LPUNKNOWN*)&lpSub)))
        {
            printf("cannot open \"%s\"\n", lpRows->aRow[i].lpProps[1].Value.lpszA);
            g_cBad++;
            continue;
        }
        lpSub->Release();
    }

Cleanup:
    if (lpRows) FreeProws(lpRows);
    if (lpHier) lpHier->Release();
    if (lpRoot) lpRoot->Release();
    MAPIFreeBuffer(lpSubtree);
    return hr;
}

// Logs on, checks, logs off. On a logon failure it gives up on MAPI at once.
static HRESULT RunCheck(LPCSTR pszProfile)
{
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession);
    if (FAILED(hr))
    {
        printf("logon to \"%s\" failed: 0x%08lx, aborting\n", pszProfile, hr);
        Shutdown();
        return hr;
    }
    hr = HrOpenDefaultMsgStore(lpSession, &lpMDB);   // project helper, body not scanned
    if (SUCCEEDED(hr))
    {
        hr = CheckFolders(lpMDB);
        lpMDB->Release();
    }
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    return hr;
}

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        fprintf(stderr, "usage: pstcheck <profile>\n");
        return 2;
    }
    HRESULT hr = Startup();
    if (FAILED(hr))
    {
        fprintf(stderr, "MAPIInitialize failed: 0x%08lx\n", hr);
        return 1;
    }

    hr = RunCheck(argv[1]);
    printf("%lu folder(s) could not be opened\n", g_cBad);

    Shutdown();                    // second MAPIUninitialize after a failed logon
    return FAILED(hr) || g_cBad ? 1 : 0;
}
