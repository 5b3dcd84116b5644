// probesrv.cpp - creates a temporary profile for an Exchange server, logs on to it to
// verify the configuration, prints the mailbox display name, and deletes the profile.
//
// The logon is retried (the new profile's services may still be configuring). Every
// attempt that succeeded is logged off and released before the next one. MAPI buffers
// are freed in Cleanup unconditionally (MAPIFreeBuffer(NULL) is a no-op), before the
// final Logoff, and the name buffer handed back by GetMailboxName() is freed by its caller.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>
#include <edkmdb.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) { printf("%s: 0x%08lx\n", #x, (unsigned long)hr); goto Cleanup; } } while (0)

static const char c_szTempProfile[] = "probesrv-temp";

static HRESULT CreateTempProfile(LPCSTR pszServer, LPCSTR pszMailbox)
{
    HRESULT hr = S_OK;
    LPPROFADMIN lpProfAdmin = NULL;
    LPSERVICEADMIN lpSvcAdmin = NULL;
    SPropValue rgProps[2];

    CHK(MAPIAdminProfiles(0, &lpProfAdmin));
    lpProfAdmin->DeleteProfile((LPTSTR)c_szTempProfile, 0);   // leftover from an earlier run
    CHK(lpProfAdmin->CreateProfile((LPTSTR)c_szTempProfile, NULL, 0, 0));
    CHK(lpProfAdmin->AdminServices((LPTSTR)c_szTempProfile, NULL, 0, 0, &lpSvcAdmin));
    CHK(lpSvcAdmin->CreateMsgService((LPTSTR)"MSEMS", NULL, 0, 0));

    rgProps[0].ulPropTag = PR_PROFILE_UNRESOLVED_SERVER;
    rgProps[0].Value.lpszA = (LPSTR)pszServer;
    rgProps[1].ulPropTag = PR_PROFILE_UNRESOLVED_NAME;
    rgProps[1].Value.lpszA = (LPSTR)pszMailbox;
    CHK(lpSvcAdmin->ConfigureMsgService((LPMAPIUID)NULL, 0, 0, 2, rgProps));

Cleanup:
    if (lpSvcAdmin)
        lpSvcAdmin->Release();
    if (lpProfAdmin)
        lpProfAdmin->Release();
    return hr;
}

static void DeleteTempProfile()
{
    LPPROFADMIN lpProfAdmin = NULL;
    if (SUCCEEDED(MAPIAdminProfiles(0, &lpProfAdmin)))
    {
        lpProfAdmin->DeleteProfile((LPTSTR)c_szTempProfile, 0);
        lpProfAdmin->Release();
    }
}

// Hands back a MAPIAllocateBuffer copy of the mailbox name in *ppszName; the caller frees it.
static HRESULT GetMailboxName(LPMAPISESSION lpSession, LPSTR* ppszName)
{
    HRESULT hr = S_OK;
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;
    LPSPropValue lpName = NULL;
    LPMAPIPROP lpIdentity = NULL;
    ULONG ulType = 0;
    size_t cch = 0;

    *ppszName = NULL;
    CHK(lpSession->QueryIdentity(&cbEID, &lpEID));
    CHK(lpSession->OpenEntry(cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpIdentity));
    CHK(HrGetOneProp(lpIdentity, PR_DISPLAY_NAME_A, &lpName));
    cch = strlen(lpName->Value.lpszA) + 1;
    CHK(MAPIAllocateBuffer((ULONG)cch, (LPVOID*)ppszName));
    memcpy(*ppszName, lpName->Value.lpszA, cch);

Cleanup:
    MAPIFreeBuffer(lpName);
    if (lpIdentity)
        lpIdentity->Release();
    MAPIFreeBuffer(lpEID);
    return hr;
}

static HRESULT ProbeProfile(int cAttempts)
{
    HRESULT hr = MAPI_E_LOGON_FAILED;
    LPMAPISESSION lpSession = NULL;
    LPSTR pszName = NULL;

    for (int i = 0; i < cAttempts; i++)
    {
        hr = MAPILogonEx(0, (LPTSTR)c_szTempProfile, NULL,
                         MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL | MAPI_EXPLICIT_PROFILE,
                         &lpSession);
        if (FAILED(hr))
        {
            Sleep(2000);
            continue;                    // nothing held: try again
        }

        hr = GetMailboxName(lpSession, &pszName);
        if (SUCCEEDED(hr))
            break;                       // keep this session; logged off below

        // Logged on but the mailbox is not reachable yet: close this session before retrying.
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
        lpSession = NULL;
        Sleep(2000);
    }

    if (lpSession)
    {
        printf("mailbox: %s\n", pszName);
        MAPIFreeBuffer(pszName);
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    return hr;
}

int main(int argc, char** argv)
{
    HRESULT hr = S_OK;

    if (argc != 3)
    {
        fprintf(stderr, "usage: %s server mailbox\n", argv[0]);
        return 2;
    }

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    hr = CreateTempProfile(argv[1], argv[2]);
    if (SUCCEEDED(hr))
        hr = ProbeProfile(3);
    DeleteTempProfile();

    MAPIUninitialize();
    printf(SUCCEEDED(hr) ? "ok\n" : "failed\n");
    return SUCCEEDED(hr) ? 0 : 1;
}
