// main.cpp - archive <profile>: counts the items to archive. The worker only borrows the
// session: main logs it off (StopSession) and releases its own reference.
#include "archive.h"
#include <stdio.h>

static HRESULT Scan(LPMAPISESSION lpSession, ULONG* lpcItems)
{
    CArchiveWorker worker(lpSession);
    HRESULT hr = worker.OpenStore();
    if (SUCCEEDED(hr))
        hr = worker.Count(lpcItems);
    return hr;
}

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        printf("usage: %s <profile>\n", argv[0]);
        return 2;
    }
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;
    LPMAPISESSION lpSession = NULL;
    hr = StartSession(argv[1], &lpSession);
    if (FAILED(hr))
    {
        MAPIUninitialize();
        return 1;
    }
    ULONG cItems = 0;
    hr = Scan(lpSession, &cItems);
    StopSession(lpSession);
    lpSession->Release();
    lpSession = NULL;
    if (SUCCEEDED(hr))
        printf("%lu items to archive\n", cItems);
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
