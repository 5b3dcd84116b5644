/* diag.c: message helpers. die() and die_hr() never return (every path exits). */
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <mapicode.h>
#include "diag.h"

int g_verbosity = 0;

void trace(const char *fmt, ...)
{
    va_list ap;
    if (g_verbosity == 0)
        return;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(NULL);
    exit(EXIT_FAILURE);
}

void die_hr(const char *what, HRESULT hr)
{
    if (hr == MAPI_E_LOGON_FAILED)
        die("%s: logon failed, check the profile", what);
    die("%s failed: 0x%08lx", what, (unsigned long)hr);
}
