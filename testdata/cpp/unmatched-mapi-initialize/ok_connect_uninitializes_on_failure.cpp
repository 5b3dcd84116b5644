// mailcount.cpp - prints how many messages the default Inbox holds.
//
// Connect() owns the failure path of the start-up: when the logon fails, MAPI is of no
// further use, so Connect() uninitializes it itself before returning the error. main()
// leaves at once on that failure, and on success it logs off and uninitializes once.
// Nothing here is surplus: each path runs exactly one MAPIUninitialize.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) { fprintf(stderr, "%s failed: 0x%08lx\n", #x, (unsigned long)hr); goto Cleanup; } } while (0)

static LPMAPISESSION g_lpSession = NULL;

static HRESULT Connect(LPCSTR pszProfile)
{
    ULONG ulFlags = MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL;
    ulFlags |= pszProfile ? MAPI_EXPLICIT_PROFILE : MAPI_USE_DEFAULT;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, ulFlags, &g_lpSession);
    if (FAILED(hr))
    {
        fprintf(stderr, "logon failed: 0x%08lx\n", (unsigned long)hr);
        MAPIUninitialize();            // the caller gives up on MAPI after this
        return hr;
    }
    return S_OK;
}

static HRESULT CountInbox(ULONG* pcItems)
{
    HRESULT hr = S_OK;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpInbox = NULL;
    LPMAPITABLE lpContents = NULL;
    LPENTRYID lpEID = NULL;
    ULONG cbEID = 0, ulType = 0;

    *pcItems = 0;
    CHK(HrOpenDefaultStore(g_lpSession, &lpMDB));
    CHK(lpMDB->GetReceiveFolder((LPTSTR)"IPM.Note", 0, &cbEID, &lpEID, NULL));
    CHK(lpMDB->OpenEntry(cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpInbox));
    CHK(lpInbox->GetContentsTable(0, &lpContents));
    CHK(lpContents->GetRowCount(0, pcItems));

Cleanup:
    if (lpContents)
        lpContents->Release();
    if (lpInbox)
        lpInbox->Release();
    MAPIFreeBuffer(lpEID);
    if (lpMDB)
        lpMDB->Release();
    return hr;
}

int main(int argc, char** argv)
{
    ULONG cItems = 0;
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    if (FAILED(Connect(argc > 1 ? argv[1] : NULL)))
        return 2;                      // Connect() has uninitialized MAPI

    HRESULT hr = CountInbox(&cItems);
    if (SUCCEEDED(hr))
        printf("%lu item(s) in the Inbox\n", cItems);

    g_lpSession->Logoff(0, 0, 0);
    g_lpSession->Release();
    g_lpSession = NULL;
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 3;
}
