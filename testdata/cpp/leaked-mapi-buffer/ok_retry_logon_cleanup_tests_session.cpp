// mbxprobe.cpp - logs on to a freshly created profile, retrying while its services finish
// configuring, and prints the mailbox owner's display name.
//
// Correct: the name buffer handed back by GetOwnerName() exists only on the attempt whose
// GetOwnerName() succeeded, and that attempt keeps its session (break). The final cleanup is
// written as `if (lpSession)`: the session pointer is non-null exactly when MAPILogonEx
// succeeded, so the buffer is freed whenever it exists.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) { fprintf(stderr, "%s: 0x%08lx\n", #x, hr); goto Cleanup; } } while (0)

// Hands back a MAPIAllocateBuffer copy of the owner's name in *ppszName; the caller frees it.
static HRESULT GetOwnerName(LPMAPISESSION lpSession, LPSTR* ppszName)
{
    HRESULT hr = S_OK;
    ULONG cbEID = 0;
    ULONG ulType = 0;
    LPENTRYID lpEID = NULL;
    LPMAPIPROP lpIdentity = NULL;
    LPSPropValue lpName = NULL;
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

static HRESULT ProbeMailbox(LPCSTR pszProfile, int cAttempts)
{
    HRESULT hr = MAPI_E_LOGON_FAILED;
    LPMAPISESSION lpSession = NULL;
    LPSTR pszName = NULL;
    LPSPropValue lpStatus = NULL;

    for (int i = 0; i < cAttempts; i++)
    {
        hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                         MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE, &lpSession);
        if (FAILED(hr))
        {
            Sleep(1000);
            continue;            // nothing held yet: try again
        }

        hr = GetOwnerName(lpSession, &pszName);
        if (SUCCEEDED(hr))
            break;               // keep this session and its name

        // Logged on, but the mailbox is not reachable yet: close this session first.
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
        lpSession = NULL;
        Sleep(1000);
    }

    if (lpSession)
    {
        printf("owner: %s\n", pszName);
        MAPIFreeBuffer(pszName);

        // A second look, through a one-property read tested the same way.
        if (SUCCEEDED(HrGetOneProp(lpSession, PR_DISPLAY_NAME_A, &lpStatus)) && lpStatus)
        {
            printf("session: %s\n", lpStatus->Value.lpszA);
            MAPIFreeBuffer(lpStatus);
        }
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    return hr;
}

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        fprintf(stderr, "usage: %s profile\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    HRESULT hr = ProbeMailbox(argv[1], 3);
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
