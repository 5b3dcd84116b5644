/* fldrsize.c - prints the size of the Inbox and of Sent Items.
 *
 * The entry IDs of the two folders are cached in globals by LoadFolderIds() and freed by
 * FreeCachedIds(); TerminateMapi() releases the store, logs off, releases the session and
 * uninitializes MAPI. The success path calls FreeCachedIds() first, as it must.
 *
 * BUG: the error path after LoadFolderIds() calls the two helpers the other way round:
 * when the Sent Items check fails, both cached entry IDs are still allocated when the
 * session is logged off, and they are then freed after MAPIUninitialize.
 */
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

static LPMAPISESSION g_lpSession = NULL;
static LPMDB         g_lpMDB = NULL;
static ULONG         g_cbInboxEID = 0;
static LPENTRYID     g_lpInboxEID = NULL;
static LPSPropValue  g_lpSentEID = NULL;

static HRESULT InitMapi(void)
{
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return hr;
    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &g_lpSession);
    if (SUCCEEDED(hr))
        hr = HrOpenExchangePrivateStore(g_lpSession, &g_lpMDB);
    if (FAILED(hr)) {
        if (g_lpSession) {
            IMAPISession_Logoff(g_lpSession, 0, 0, 0);
            UlRelease(g_lpSession);
            g_lpSession = NULL;
        }
        MAPIUninitialize();
    }
    return hr;
}

static void TerminateMapi(void)
{
    if (g_lpMDB) {
        g_lpMDB->lpVtbl->Release(g_lpMDB);
        g_lpMDB = NULL;
    }
    IMAPISession_Logoff(g_lpSession, 0, 0, 0);
    g_lpSession->lpVtbl->Release(g_lpSession);
    g_lpSession = NULL;
    MAPIUninitialize();
}

static HRESULT LoadFolderIds(void)
{
    HRESULT hr;
    LPMAPIFOLDER lpSent = NULL;
    ULONG ulType = 0;

    hr = g_lpMDB->lpVtbl->GetReceiveFolder(g_lpMDB, (LPTSTR)"IPM.Note", 0, //~ leaked-mapi-buffer
                                           &g_cbInboxEID, &g_lpInboxEID, NULL);
    if (FAILED(hr))
        return hr;
    hr = HrGetOneProp((LPMAPIPROP)g_lpMDB, PR_IPM_SENTMAIL_ENTRYID, &g_lpSentEID); //~ leaked-mapi-buffer
    if (FAILED(hr))
        return hr;                       /* the Inbox ID stays cached */

    /* Make sure the cached Sent Items ID still opens (it goes stale after a mailbox move). */
    hr = g_lpMDB->lpVtbl->OpenEntry(g_lpMDB, g_lpSentEID->Value.bin.cb,
                                    (LPENTRYID)g_lpSentEID->Value.bin.lpb, NULL, 0, &ulType,
                                    (LPUNKNOWN *)&lpSent);
    if (FAILED(hr))
        return hr;                       /* both IDs stay cached */
    lpSent->lpVtbl->Release(lpSent);
    return S_OK;
}

static void FreeCachedIds(void)
{
    MAPIFreeBuffer(g_lpInboxEID); //~ use-after-mapi-uninitialize
    g_lpInboxEID = NULL;
    MAPIFreeBuffer(g_lpSentEID); //~ use-after-mapi-uninitialize
    g_lpSentEID = NULL;
}

static void PrintSize(const char *pszName, ULONG cbEID, LPENTRYID lpEID)
{
    LPMAPIFOLDER lpFolder = NULL;
    LPSPropValue lpSize = NULL;
    ULONG ulType = 0;

    if (FAILED(g_lpMDB->lpVtbl->OpenEntry(g_lpMDB, cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN *)&lpFolder)))
        return;
    if (SUCCEEDED(HrGetOneProp((LPMAPIPROP)lpFolder, PR_MESSAGE_SIZE, &lpSize))) {
        printf("%-12s %ld bytes\n", pszName, lpSize->Value.l);
        MAPIFreeBuffer(lpSize);
    }
    lpFolder->lpVtbl->Release(lpFolder);
}

int main(int argc, char **argv)
{
    HRESULT hr;

    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "usage: fldrsize\n");
        return 2;
    }

    hr = InitMapi();
    if (FAILED(hr)) {
        fprintf(stderr, "cannot open the mailbox: 0x%08lx\n", (unsigned long)hr);
        return 1;
    }

    hr = LoadFolderIds();
    if (FAILED(hr)) {
        fprintf(stderr, "folder IDs: 0x%08lx\n", (unsigned long)hr);
        TerminateMapi();
        FreeCachedIds();
        return 1;
    }

    PrintSize("Inbox", g_cbInboxEID, g_lpInboxEID);
    PrintSize("Sent Items", g_lpSentEID->Value.bin.cb, (LPENTRYID)g_lpSentEID->Value.bin.lpb);

    FreeCachedIds();
    TerminateMapi();
    return 0;
}
