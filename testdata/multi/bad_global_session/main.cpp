// main.cpp - archiver: runs a number of archiving passes, then shuts down.
#include "globals.h"
#include <stdio.h>

static void usage(const wchar_t* prog)
{
    fwprintf(stderr, L"usage: %ls profile [passes] [--fast-exit]\n", prog);
}

int wmain(int argc, wchar_t** argv)
{
    if (argc < 2) {
        usage(argv[0]);
        return 2;
    }
    int cPasses = 1;
    bool fFast = false;
    for (int i = 2; i < argc; i++) {
        if (wcscmp(argv[i], L"--fast-exit") == 0)
            fFast = true;
        else
            cPasses = _wtoi(argv[i]);
    }

    if (FAILED(StartMapi(argv[1])))
        return 1;

    int rc = 0;
    for (int i = 0; i < cPasses; i++) {
        ULONG cMoved = 0;
        if (FAILED(ArchiveOnce(&cMoved))) {
            rc = 1;
            break;
        }
        wprintf(L"pass %d: %lu item(s)\n", i + 1, cMoved);
    }

    StopMapi(fFast);
    return rc;
}
