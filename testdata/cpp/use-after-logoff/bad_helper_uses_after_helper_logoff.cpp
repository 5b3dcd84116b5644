// storestats.cpp - prints the number of message stores of a profile, then a summary line
// with the user's identity.
//
// The session is ended by EndSession() (Logoff only; main releases). BUG: the summary is
// printed after EndSession(), and PrintIdentity() calls QueryIdentity on the logged-off
// session. The finding is at that call inside the helper, with the call chain.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

// Logs the session off; the caller still holds (and releases) it.
static void EndSession(LPMAPISESSION lpSession)
{
    if (lpSession)
    {
        HRESULT hr = lpSession->Logoff(0, 0, 0);
        if (FAILED(hr))
            fprintf(stderr, "Logoff failed: 0x%08lx\n", (unsigned long)hr);
    }
}

static void PrintIdentity(LPMAPISESSION lpSession)
{
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;
    if (SUCCEEDED(lpSession->QueryIdentity(&cbEID, &lpEID))) //~ use-after-logoff
    {
        printf("identity: %lu-byte entry ID\n", cbEID);
        MAPIFreeBuffer(lpEID);
    }
}

static HRESULT CountStores(LPMAPISESSION lpSession, ULONG* pcStores)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    *pcStores = 0;
    CHK(lpSession->GetMsgStoresTable(0, &lpTable));
    CHK(lpTable->GetRowCount(0, pcStores));
Cleanup:
    if (lpTable)
        lpTable->Release();
    return hr;
}

static void PrintSummary(LPMAPISESSION lpSession, ULONG cStores)
{
    printf("%lu store(s)\n", cStores);
    PrintIdentity(lpSession);
}

int main(int argc, char** argv)
{
    LPMAPISESSION lpSession = NULL;
    ULONG cStores = 0;
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;
    hr = MAPILogonEx(0, argc > 1 ? (LPTSTR)argv[1] : NULL, NULL,
                     MAPI_EXTENDED | MAPI_NEW_SESSION | (argc > 1 ? MAPI_EXPLICIT_PROFILE : MAPI_USE_DEFAULT),
                     &lpSession);
    if (SUCCEEDED(hr))
    {
        hr = CountStores(lpSession, &cStores);
        EndSession(lpSession);
        if (SUCCEEDED(hr))
            PrintSummary(lpSession, cStores);
        lpSession->Release();
    }
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 2;
}
