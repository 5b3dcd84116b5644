/* mboxctx.c - a C client that keeps its session and a cached entry ID in a context
 * structure. Every place that clears a local after the object moved is correct:
 *  - ctx->lpSession = lpSession; lpSession = NULL;   (the context owns it now)
 *  - ctx->lpInboxEid = lpProp;   lpProp = NULL;      (freed by CtxClose before Logoff)
 *  - after MAPIFreeBuffer / UlRelease the local is cleared for the next pass.
 */
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

typedef struct MBOXCTX
{
    LPMAPISESSION lpSession;
    LPSPropValue  lpInboxEid;   /* cached PR_IPM_SUBTREE_ENTRYID of the default store */
    ULONG         cOpens;
} MBOXCTX;

HRESULT OpenDefaultStore(LPMAPISESSION lpSession, LPMDB *lppMDB);

static HRESULT CtxOpen(MBOXCTX *ctx, LPCSTR pszProfile)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPSPropValue lpProp = NULL;

    CHK(MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &lpSession));
    CHK(OpenDefaultStore(lpSession, &lpMDB));
    CHK(HrGetOneProp((LPMAPIPROP)lpMDB, PR_IPM_SUBTREE_ENTRYID, &lpProp));

    ctx->lpInboxEid = lpProp;
    lpProp = NULL;              /* owned by the context */
    ctx->lpSession = lpSession;
    lpSession = NULL;           /* owned by the context */
    ctx->cOpens++;

Cleanup:
    if (lpProp)
        MAPIFreeBuffer(lpProp);
    if (lpMDB)
        lpMDB->lpVtbl->Release(lpMDB);
    if (lpSession)
    {
        IMAPISession_Logoff(lpSession, 0, 0, 0);
        UlRelease(lpSession);
    }
    return hr;
}

static void CtxClose(MBOXCTX *ctx)
{
    if (ctx->lpInboxEid)
    {
        MAPIFreeBuffer(ctx->lpInboxEid);
        ctx->lpInboxEid = NULL;
    }
    if (ctx->lpSession)
    {
        ctx->lpSession->lpVtbl->Logoff(ctx->lpSession, 0, 0, 0);
        ctx->lpSession->lpVtbl->Release(ctx->lpSession);
        ctx->lpSession = NULL;
    }
}

/* Reads the display name of every store, one property buffer per pass. */
static HRESULT ListStoreNames(LPMAPISESSION lpSession, LPENTRYID *rgEid, ULONG *rgcb, ULONG cStores)
{
    HRESULT hr = S_OK;
    ULONG i;
    LPMDB lpMDB = NULL;
    LPSPropValue lpName = NULL;

    for (i = 0; i < cStores; i++)
    {
        hr = lpSession->lpVtbl->OpenMsgStore(lpSession, 0, rgcb[i], rgEid[i], NULL,
                                             MDB_NO_DIALOG, &lpMDB);
        if (FAILED(hr))
            continue;
        if (SUCCEEDED(HrGetOneProp((LPMAPIPROP)lpMDB, PR_DISPLAY_NAME_A, &lpName)))
        {
            printf("  %s\n", lpName->Value.lpszA);
            MAPIFreeBuffer(lpName);
            lpName = NULL;
        }
        UlRelease(lpMDB);
        lpMDB = NULL;
    }
    return S_OK;
}

int main(int argc, char **argv)
{
    MBOXCTX ctx = { NULL, NULL, 0 };
    HRESULT hr;

    if (argc != 2)
    {
        fprintf(stderr, "usage: %s profile\n", argv[0]);
        return 2;
    }
    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    hr = CtxOpen(&ctx, argv[1]);
    if (SUCCEEDED(hr))
    {
        printf("opened %s (%lu)\n", argv[1], ctx.cOpens);
        ListStoreNames(ctx.lpSession, NULL, NULL, 0);
    }
    CtxClose(&ctx);

    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
