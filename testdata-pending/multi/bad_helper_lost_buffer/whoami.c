/* whoami.c - prints the display name and address of the user a profile logs on as.
 *
 * Usage: whoami <profile> [-v]
 */
#include <stdio.h>
#include <string.h>
#include "props.h"

static void usage(const char* argv0)
{
    fprintf(stderr, "usage: %s <profile> [-v]\n", argv0);
}

static HRESULT PrintUser(LPMAPISESSION lpSession, int fVerbose)
{
    HRESULT hr = S_OK;
    ULONG cbId = 0;
    LPENTRYID lpIdEID = NULL;
    LPMAILUSER lpUser = NULL;
    LPSPropValue lpName = NULL;
    LPSPropValue lpAddr = NULL;
    LPSPropTagArray lpTags = NULL;
    ULONG ulType = 0;
    ULONG i;

    lpIdEID = GetSessionIdentity(lpSession, &cbId);
    if (lpIdEID == NULL)
        return MAPI_E_NOT_FOUND;
    hr = lpSession->lpVtbl->OpenEntry(lpSession, cbId, lpIdEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpUser);
    if (FAILED(hr))
        goto Cleanup;

    hr = GetStringProp((LPMAPIPROP)lpUser, PR_DISPLAY_NAME_A, &lpName);
    if (FAILED(hr))
        goto Cleanup;
    hr = GetStringProp((LPMAPIPROP)lpUser, PR_EMAIL_ADDRESS_A, &lpAddr);
    if (FAILED(hr))
        goto Cleanup;   /* BUG: lpName is only freed on the success path below */
    printf("%s <%s>\n", lpName->Value.lpszA, lpAddr->Value.lpszA);
    MAPIFreeBuffer(lpAddr);
    MAPIFreeBuffer(lpName);

    if (fVerbose)
    {
        lpTags = GetAllTags((LPMAPIPROP)lpUser);
        if (lpTags == NULL || lpTags->cValues == 0)
            goto Cleanup;   /* BUG: an empty, non-NULL list is not freed */
        for (i = 0; i < lpTags->cValues; i++)
            printf("  0x%08lx\n", lpTags->aulPropTag[i]);
        MAPIFreeBuffer(lpTags);
    }

Cleanup:
    if (lpUser)
        lpUser->lpVtbl->Release(lpUser);
    MAPIFreeBuffer(lpIdEID);
    return hr;
}

int main(int argc, char** argv)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    int fVerbose;

    if (argc < 2)
    {
        usage(argv[0]);
        return 2;
    }
    fVerbose = (argc > 2 && strcmp(argv[2], "-v") == 0);

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
    {
        fprintf(stderr, "MAPIInitialize: 0x%08lx\n", hr);
        return 1;
    }
    hr = MAPILogonEx(0, (LPTSTR)argv[1], NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession);
    if (FAILED(hr))
    {
        fprintf(stderr, "MAPILogonEx: 0x%08lx\n", hr);
        MAPIUninitialize();
        return 1;
    }

    hr = PrintUser(lpSession, fVerbose);

    IMAPISession_Logoff(lpSession, 0, 0, 0);
    UlRelease(lpSession);
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
