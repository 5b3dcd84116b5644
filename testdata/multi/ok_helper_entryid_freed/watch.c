/* watch.c - registers for new-mail notifications on the Inbox of a store.
 * The Inbox entry ID is handed to Advise, which copies it, and freed after it. */
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>
#include "folders.h"

ULONG WatchInbox(LPMDB lpMDB, LPMAPIADVISESINK lpSink)
{
    ULONG cbInbox = 0;
    LPENTRYID lpInbox = NULL;
    ULONG ulConnection = 0;
    HRESULT hr = GetInboxEntryID(lpMDB, &cbInbox, &lpInbox);
    if (FAILED(hr))
    {
        fprintf(stderr, "no Inbox: 0x%08lx\n", hr);
        return 0;
    }
    hr = lpMDB->lpVtbl->Advise(lpMDB, cbInbox, lpInbox, fnevNewMail, lpSink, &ulConnection);
    if (FAILED(hr))
        fprintf(stderr, "Advise failed: 0x%08lx\n", hr);
    MAPIFreeBuffer(lpInbox);       /* Advise copied what it needed */
    return ulConnection;
}

void StopWatching(LPMDB lpMDB, ULONG ulConnection)
{
    if (ulConnection)
        lpMDB->lpVtbl->Unadvise(lpMDB, ulConnection);
}
