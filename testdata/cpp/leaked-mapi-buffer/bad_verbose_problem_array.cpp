// stamp: marks every message of a folder as reviewed. The problem array of SetProps is only
// asked for in verbose mode (`fVerbose ? &lpProblems : NULL`); when it is, MAPI allocates it
// and the caller must free it.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static void ShowProblems(LPSPropProblemArray lpProblems)
{
    for (ULONG i = 0; lpProblems && i < lpProblems->cProblem; i++)
        wprintf(L"  property 0x%08lx: 0x%08lx\n", lpProblems->aProblem[i].ulPropTag,
                lpProblems->aProblem[i].scode);
}

static HRESULT StampQuiet(LPMESSAGE lpMsg, BOOL fVerbose)
{
    HRESULT hr = S_OK;
    LPSPropProblemArray lpProblems = NULL;
    SPropValue spv;

    spv.ulPropTag = PR_COMMENT_W;
    spv.Value.lpszW = (LPWSTR)L"reviewed";
    CHK_HR(lpMsg->SetProps(1, &spv, fVerbose ? &lpProblems : NULL));
    ShowProblems(lpProblems);
    CHK_HR(lpMsg->SaveChanges(KEEP_OPEN_READWRITE));

Cleanup:
    MAPIFreeBuffer(lpProblems);     // NULL when not asked for: MAPIFreeBuffer(NULL) is fine
    return hr;
}

static HRESULT StampLeaky(LPMESSAGE lpMsg, BOOL fVerbose)
{
    HRESULT hr = S_OK;
    LPSPropProblemArray lpProblems = NULL;
    SPropValue spv;

    spv.ulPropTag = PR_COMMENT_W;
    spv.Value.lpszW = (LPWSTR)L"reviewed";
    CHK_HR(lpMsg->SetProps(1, &spv, fVerbose ? &lpProblems : NULL)); //~ leaked-mapi-buffer
    ShowProblems(lpProblems);
    CHK_HR(lpMsg->SaveChanges(KEEP_OPEN_READWRITE));

Cleanup:
    return hr;                      // BUG: the verbose problem array is never freed
}

HRESULT StampAll(LPMESSAGE* rgMsgs, ULONG cMsgs, BOOL fVerbose, BOOL fQuiet)
{
    HRESULT hr = S_OK;
    for (ULONG i = 0; i < cMsgs; i++)
    {
        hr = fQuiet ? StampQuiet(rgMsgs[i], fVerbose) : StampLeaky(rgMsgs[i], fVerbose);
        if (FAILED(hr))
            wprintf(L"message %lu: 0x%08lx\n", i, hr);
    }
    return hr;
}
