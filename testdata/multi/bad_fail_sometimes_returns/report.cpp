// report.cpp: error reporting for the archiver. In --keep-going mode Fail() only
// logs and returns; it is NOT a no-return function.
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

bool g_fKeepGoing = false;
static ULONG g_cErrors = 0;

void Fail(HRESULT hr, const char* what)
{
    fprintf(stderr, "archiver: %s failed: 0x%08lx\n", what, hr);
    g_cErrors++;
    if (!g_fKeepGoing)
        exit(1);
}

ULONG ErrorCount()
{
    return g_cErrors;
}
