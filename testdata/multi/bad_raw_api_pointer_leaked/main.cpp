// unreadsync.exe - logs the unread count of every store of a profile.

#include "synctask.h"
#include <stdio.h>

static void usage(const wchar_t* argv0)
{
    wprintf(L"usage: %s [/v] profile\n", argv0);
}

static int RunSync(LPCWSTR pszProfile, bool fVerbose)
{
    CMapiApi* pApi = NULL;
    try
    {
        pApi = new CMapiApi();
    }
    catch (HRESULT hr)
    {
        wprintf(L"MAPIInitialize failed: 0x%08lx\n", hr);
        return 1;
    }

    // The task keeps the API object for as long as it runs.
    CSyncTask task(pApi);
    HRESULT hr = task.Run(pszProfile, fVerbose);
    if (FAILED(hr))
    {
        wprintf(L"sync failed: 0x%08lx\n", hr);
        return 1;
    }
    wprintf(L"%lu unread message(s) in total\n", pApi->Messages());
    return 0;
}   // task is destroyed here; its raw m_pApi does not delete the CMapiApi

int wmain(int argc, wchar_t** argv)
{
    bool fVerbose = false;
    int iArg = 1;

    if (argc > 1 && _wcsicmp(argv[1], L"/v") == 0)
    {
        fVerbose = true;
        iArg++;
    }
    if (iArg != argc - 1)
    {
        usage(argv[0]);
        return 2;
    }
    return RunSync(argv[iArg], fVerbose);
}
