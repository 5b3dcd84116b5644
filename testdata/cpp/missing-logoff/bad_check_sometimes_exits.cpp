// quotacheck: warns when the default store is close to its quota.
// Check() exits only when its HRESULT failed, so it is not a no-return function:
// the code after each Check(...) runs on the success path, and the bugs there count.
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mapix.h>
#include <mapiutil.h>

#ifndef PR_PROHIBIT_SEND_QUOTA
#define PR_PROHIBIT_SEND_QUOTA PROP_TAG(PT_LONG, 0x666E)
#endif

static bool g_fQuiet = false;

// Ends the process on failure; returns normally otherwise.
static void Check(HRESULT hr, const char* what)
{
    if (FAILED(hr))
    {
        fprintf(stderr, "quotacheck: %s failed: 0x%08lx\n", what, hr);
        exit(1);
    }
}

static LONG GetLongProp(LPMAPIPROP lpObj, ULONG ulTag, LONG lDefault)
{
    LPSPropValue lpProp = NULL;
    HRESULT hr = HrGetOneProp(lpObj, ulTag, &lpProp); //~ leaked-mapi-buffer
    if (hr == MAPI_E_NOT_FOUND)
        return lDefault;
    Check(hr, "HrGetOneProp");
    if (PROP_TYPE(lpProp->ulPropTag) != PT_LONG)
        return lDefault;                 // the buffer leaks here
    LONG l = lpProp->Value.l;
    MAPIFreeBuffer(lpProp);
    return l;
}

static int Report(LPMDB lpMDB)
{
    LONG cbSizeKB = GetLongProp(lpMDB, PR_MESSAGE_SIZE, 0) / 1024;
    LONG cbQuotaKB = GetLongProp(lpMDB, PR_PROHIBIT_SEND_QUOTA, -1);
    if (cbQuotaKB <= 0)
    {
        if (!g_fQuiet)
            printf("no quota set (%ld KB used)\n", cbSizeKB);
        return 0;
    }
    int pct = (int)((cbSizeKB * 100) / cbQuotaKB);
    printf("%ld KB of %ld KB used (%d%%)\n", cbSizeKB, cbQuotaKB, pct);
    return pct >= 90 ? 1 : 0;
}

int main(int argc, char** argv)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    bool fListOnly = false;

    for (int i = 1; i < argc; i++)
    {
        if (strcmp(argv[i], "-q") == 0) g_fQuiet = true;
        else if (strcmp(argv[i], "-l") == 0) fListOnly = true;
    }

    hr = MAPIInitialize(NULL);
    Check(hr, "MAPIInitialize");         // a failed initialize ends the process here

    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &lpSession); //~ missing-logoff
    Check(hr, "MAPILogonEx");

    if (fListOnly)
    {
        // Only show which profile was used; the early way out skips Logoff.
        printf("logged on to the default profile\n");
        lpSession->Release();
        MAPIUninitialize();
        return 0;
    }

    hr = HrOpenDefaultMsgStore(lpSession, &lpMDB);   // project helper, body not scanned
    Check(hr, "opening the default store");

    int rc = Report(lpMDB);

    lpMDB->Release();
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    MAPIUninitialize();
    return rc;
}
