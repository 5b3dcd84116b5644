/* spoolstat: prints the spooler's status rows, then shuts MAPI down through one helper that
 * is given everything still open. The helper logs off first and releases the status table
 * after that. */
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

static HRESULT EndSession(LPMAPISESSION lpSession)
{
    return lpSession->lpVtbl->Logoff(lpSession, 0, 0, 0);
}

static void Shutdown(LPMAPISESSION lpSession, LPMAPITABLE lpStatus)
{
    EndSession(lpSession);
    if (lpStatus)
        lpStatus->lpVtbl->Release(lpStatus);
    lpSession->lpVtbl->Release(lpSession);
}

static void PrintRows(LPMAPITABLE lpStatus)
{
    LPSRowSet lpRows = NULL;
    if (FAILED(HrQueryAllRows(lpStatus, NULL, NULL, NULL, 0, &lpRows)))
        return;
    printf("%lu status row(s)\n", lpRows->cRows);
    FreeProws(lpRows);
}

int main(void)
{
    LPMAPISESSION lpSession = NULL;
    LPMAPITABLE lpStatus = NULL;
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;
    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession);
    if (FAILED(hr))
    {
        MAPIUninitialize();
        return 1;
    }
    hr = lpSession->lpVtbl->GetStatusTable(lpSession, 0, &lpStatus); //~ open-object-at-logoff
    if (SUCCEEDED(hr))
        PrintRows(lpStatus);
    Shutdown(lpSession, lpStatus);
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
