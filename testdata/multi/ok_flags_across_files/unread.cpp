// unread.cpp: counts the unread messages of the Inbox.
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>

HRESULT CountUnread(LPMAPISESSION lpSession, ULONG* pcUnread)
{
    HRESULT hr;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpInbox = NULL;
    LPSPropValue lpProp = NULL;
    ULONG cbEID = 0, ulType = 0;
    LPENTRYID lpEID = NULL;

    *pcUnread = 0;
    hr = HrOpenDefaultMsgStore(lpSession, &lpMDB);   // project helper, body not scanned
    if (FAILED(hr))
        return hr;
    hr = lpMDB->GetReceiveFolder((LPTSTR)"IPM.Note", 0, &cbEID, &lpEID, NULL);
    if (SUCCEEDED(hr))
    {
        hr = lpMDB->OpenEntry(cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpInbox);
        MAPIFreeBuffer(lpEID);
    }
    if (SUCCEEDED(hr))
    {
        hr = HrGetOneProp(lpInbox, PR_CONTENT_UNREAD, &lpProp);
        if (SUCCEEDED(hr))
        {
            *pcUnread = lpProp->Value.l;
            MAPIFreeBuffer(lpProp);
        }
        lpInbox->Release();
    }
    lpMDB->Release();
    return hr;
}
