/*
 * profinfo.c - print what the global profile section says about a profile
 * (home server, mailbox DN, profile configuration flags).
 *
 * Written in C against the header macros; each step jumps to its own
 * cleanup label so that only what was acquired gets undone.
 */
#include <stdio.h>
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>
#include <mapiguid.h>
#include <edkmdb.h>

#define PR_PROFILE_HOME_SERVER_A     PROP_TAG(PT_STRING8, 0x6602)
#define PR_PROFILE_USER_A            PROP_TAG(PT_STRING8, 0x6603)
#define PR_PROFILE_CONFIG_FLAGS      PROP_TAG(PT_LONG,    0x6601)

static void usage(const char *argv0)
{
    fprintf(stderr, "usage: %s [profile]\n", argv0);
    exit(2);
}

static void print_props(ULONG cValues, LPSPropValue lpProps)
{
    ULONG i;
    for (i = 0; i < cValues; i++) {
        switch (lpProps[i].ulPropTag) {
        case PR_PROFILE_HOME_SERVER_A:
            printf("home server : %s\n", lpProps[i].Value.lpszA);
            break;
        case PR_PROFILE_USER_A:
            printf("mailbox DN  : %s\n", lpProps[i].Value.lpszA);
            break;
        case PR_PROFILE_CONFIG_FLAGS:
            printf("config flags: 0x%08lx\n", lpProps[i].Value.l);
            break;
        default:
            if (PROP_TYPE(lpProps[i].ulPropTag) == PT_ERROR)
                printf("prop 0x%04lx: not set\n", PROP_ID(lpProps[i].ulPropTag));
            break;
        }
    }
}

static HRESULT dump_global_section(LPMAPISESSION lpSession)
{
    HRESULT hr;
    LPPROFSECT lpSect = NULL;
    LPSPropValue lpProps = NULL;
    ULONG cValues = 0;
    SizedSPropTagArray(3, tags) = { 3,
        { PR_PROFILE_HOME_SERVER_A, PR_PROFILE_USER_A, PR_PROFILE_CONFIG_FLAGS } };

    hr = IMAPISession_OpenProfileSection(lpSession, (LPMAPIUID)pbGlobalProfileSectionGuid,
                                         NULL, 0, &lpSect);
    if (FAILED(hr))
        goto err;

    /* GetProps returns MAPI_W_ERRORS_RETURNED for missing properties: still a buffer */
    hr = lpSect->lpVtbl->GetProps(lpSect, (LPSPropTagArray)&tags, 0, &cValues, &lpProps);
    if (FAILED(hr))
        goto err_sect;

    print_props(cValues, lpProps);
    MAPIFreeBuffer(lpProps);
    hr = S_OK;

err_sect:
    UlRelease(lpSect);
err:
    return hr;
}

int main(int argc, char **argv)
{
    HRESULT hr;
    SCODE sc;
    LPMAPISESSION lpSession = NULL;
    ULONG ulFlags = MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL;
    int rc = 1;

    if (argc > 2)
        usage(argv[0]);
    ulFlags |= argc == 2 ? MAPI_EXPLICIT_PROFILE : MAPI_USE_DEFAULT;

    /* PpropFindProp & co. from the util library are used before logon */
    sc = ScInitMapiUtil(0);
    if (FAILED(sc)) {
        fprintf(stderr, "ScInitMapiUtil: 0x%08lx\n", sc);
        return 1;
    }

    hr = MAPIInitialize(NULL);
    if (FAILED(hr)) {
        fprintf(stderr, "MAPIInitialize: 0x%08lx\n", hr);
        goto err_util;
    }

    hr = MAPILogonEx(0, argc == 2 ? (LPTSTR)argv[1] : NULL, NULL, ulFlags, &lpSession);
    if (FAILED(hr)) {
        fprintf(stderr, "MAPILogonEx: 0x%08lx\n", hr);
        goto err_mapi;
    }

    hr = dump_global_section(lpSession);
    if (SUCCEEDED(hr))
        rc = 0;
    else
        fprintf(stderr, "profile section: 0x%08lx\n", hr);

    IMAPISession_Logoff(lpSession, 0, 0, 0);
    UlRelease(lpSession);
err_mapi:
    MAPIUninitialize();
err_util:
    DeinitMapiUtil();
    return rc;
}
