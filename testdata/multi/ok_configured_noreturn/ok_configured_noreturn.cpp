// NOTE: this test needs a configuration: mapi-lint.toml with
//     noreturn = ["MyDie"]
// MyDie() is declared in the project's "support/mydie.h" and defined in a prebuilt
// library: its body is not in the scanned sources, and its declaration carries no
// noreturn attribute, so only the configuration says that it ends the process.
// With the configuration, nothing must be reported here. (Without it, the paths
// through MyDie look like normal returns and would leave MAPI, the session and
// buffers held.)
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>
#include "support/mydie.h"     // void MyDie(const char* fmt, ...);

#define CHECK_OR_DIE(expr, what) do { hr = (expr); if (FAILED(hr)) MyDie("%s failed: 0x%08lx", what, hr); } while (0)

static void PrintStoreName(LPMDB lpMDB)
{
    HRESULT hr;
    LPSPropValue lpName = NULL;

    CHECK_OR_DIE(HrGetOneProp(lpMDB, PR_DISPLAY_NAME_A, &lpName), "PR_DISPLAY_NAME");
    printf("store: %s\n", lpName->Value.lpszA);
    MAPIFreeBuffer(lpName);
}

static void PrintInboxCount(LPMDB lpMDB)
{
    HRESULT hr;
    ULONG cbEID = 0, ulType = 0;
    LPENTRYID lpEID = NULL;
    LPMAPIFOLDER lpInbox = NULL;
    LPSPropValue lpCount = NULL;

    CHECK_OR_DIE(lpMDB->GetReceiveFolder((LPTSTR)"IPM.Note", 0, &cbEID, &lpEID, NULL), "GetReceiveFolder");
    hr = lpMDB->OpenEntry(cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpInbox);
    if (FAILED(hr))
        MyDie("cannot open the Inbox: 0x%08lx", hr);     // lpEID held: the process ends
    MAPIFreeBuffer(lpEID);

    hr = HrGetOneProp(lpInbox, PR_CONTENT_COUNT, &lpCount);
    if (FAILED(hr))
        MyDie("PR_CONTENT_COUNT: 0x%08lx", hr);          // lpInbox held: the process ends
    printf("inbox: %ld messages\n", lpCount->Value.l);
    MAPIFreeBuffer(lpCount);
    lpInbox->Release();
}

int main(int argc, char** argv)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;

    if (argc > 2)
        MyDie("usage: %s [profile]", argv[0]);

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        MyDie("MAPIInitialize failed: 0x%08lx", hr);

    hr = MAPILogonEx(0, argc == 2 ? (LPTSTR)argv[1] : NULL, NULL,
                     MAPI_EXTENDED | MAPI_NEW_SESSION | (argc == 2 ? 0 : MAPI_USE_DEFAULT), &lpSession);
    if (FAILED(hr))
        MyDie("MAPILogonEx failed: 0x%08lx", hr);        // MAPI initialized: the process ends

    CHECK_OR_DIE(HrOpenDefaultMsgStore(lpSession, &lpMDB), "opening the default store");
    PrintStoreName(lpMDB);
    PrintInboxCount(lpMDB);

    lpMDB->Release();
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    MAPIUninitialize();
    return 0;
}
