// unreadcount: prints the number of unread Inbox messages. EnvStop() is called on
// every path, including the one where EnvStart() failed half-way.
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <mapix.h>
#include "env.h"

HRESULT CountUnread(LPMAPISESSION lpSession, ULONG* pcUnread);

int main(int argc, char** argv)
{
    LPMAPISESSION lpSession = NULL;
    ULONG cUnread = 0;
    BOOL fOle = !(argc > 1 && strcmp(argv[1], "--no-ole") == 0);
    int rc = 0;

    HRESULT hr = EnvStart(fOle);
    if (FAILED(hr))
    {
        EnvStop();
        return 1;
    }

    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &lpSession);
    if (FAILED(hr))
    {
        printf("MAPILogonEx: 0x%08lx\n", hr);
        rc = 2;
        goto Stop;
    }

    hr = CountUnread(lpSession, &cUnread);
    if (SUCCEEDED(hr))
        printf("%lu unread\n", cUnread);
    else
        rc = 3;
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();

Stop:
    EnvStop();
    return rc;
}
