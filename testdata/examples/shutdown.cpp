// A small MAPI client with three shutdown bugs. `mapi-lint testdata/examples/shutdown.cpp`
// reports each on the marked line.
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

HRESULT WatchInbox(LPMAPIADVISESINK lpSink)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    ULONG ulConnection = 0;
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;
    BOOL fOle = FALSE;
    BOOL fMapi = FALSE;

    hr = OleInitialize(NULL);
    if (FAILED(hr)) return hr;
    fOle = TRUE;
    CHK(MAPIInitialize(NULL));
    fMapi = TRUE;
    CHK(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession));
    CHK(HrMAPIFindDefaultMsgStore(lpSession, &cbEID, &lpEID));
    // Bug 4: the store is released after Logoff (below).
    CHK(lpSession->OpenMsgStore(0, cbEID, lpEID, NULL, MDB_NO_DIALOG, &lpMDB)); //~ open-object-at-logoff

    // Bug 1: the registration is never removed before Logoff.
    CHK(lpMDB->Advise(0, NULL, fnevNewMail, lpSink, &ulConnection)); //~ missing-unadvise

    PumpMessagesUntilQuit();

    lpSession->Logoff(0, 0, 0);
    // Bug 2: the store came from the session, which is gone.
    lpMDB->StoreLogoff(&ulFlags); //~ use-after-logoff
    lpMDB->Release();
    lpSession->Release();
    lpSession = NULL;

Cleanup:
    if (lpSession) {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    MAPIFreeBuffer(lpEID);
    if (fMapi) MAPIUninitialize();
    // Bug 3: OLE must be uninitialized before MAPI.
    if (fOle) OleUninitialize(); //~ ole-uninitialize-after-mapi-uninitialize
    return hr;
}
