/* inboxcount: prints the unread count of the Inbox. The Inbox entry ID from GetReceiveFolder
 * is lent to a helper that only opens the folder with it, and is printed for the log; it is
 * freed as soon as the count is known, before the store and the session go. */
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

static HRESULT CountUnread(LPMDB lpMDB, ULONG cbEID, LPENTRYID lpEID, ULONG* lpcUnread)
{
    LPMAPIFOLDER lpInbox = NULL;
    LPSPropValue lpProp = NULL;
    ULONG ulType = 0;
    HRESULT hr = lpMDB->lpVtbl->OpenEntry(lpMDB, cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpInbox);
    if (FAILED(hr))
        return hr;
    hr = HrGetOneProp((LPMAPIPROP)lpInbox, PR_CONTENT_UNREAD, &lpProp);
    if (SUCCEEDED(hr))
    {
        *lpcUnread = lpProp->Value.l;
        MAPIFreeBuffer(lpProp);
    }
    lpInbox->lpVtbl->Release(lpInbox);
    return hr;
}

int main(void)
{
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPENTRYID lpEID = NULL;
    ULONG cbEID = 0, cUnread = 0;
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;
    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession);
    if (FAILED(hr))
        goto Uninit;
    hr = HrOpenExchangePrivateStore(lpSession, &lpMDB);
    if (FAILED(hr))
        goto Logoff;
    hr = lpMDB->lpVtbl->GetReceiveFolder(lpMDB, NULL, 0, &cbEID, &lpEID, NULL);
    if (SUCCEEDED(hr))
    {
        printf("inbox entry id at %p (%lu bytes)\n", (void*)lpEID, cbEID);
        hr = CountUnread(lpMDB, cbEID, lpEID, &cUnread);
    }
    MAPIFreeBuffer(lpEID);
    lpEID = NULL;
    if (SUCCEEDED(hr))
        printf("%lu unread\n", cUnread);
    lpMDB->lpVtbl->Release(lpMDB);
Logoff:
    lpSession->lpVtbl->Logoff(lpSession, 0, 0, 0);
    lpSession->lpVtbl->Release(lpSession);
Uninit:
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
