/* main.c - abprobe PST-PATH NAME
 *
 * Creates a temporary profile with one PST, checks that NAME resolves in it, then deletes
 * the profile. MAPIInitialize is paired with exactly one MAPIUninitialize on every path
 * where it succeeded.
 */
#include "probe.h"
#include <stdio.h>

static void usage(const char *prog)
{
    fprintf(stderr, "usage: %s pst-path name\n", prog);
}

int main(int argc, char **argv)
{
    HRESULT hr;
    int rc = 0;

    if (argc != 3) {
        usage(argv[0]);
        return 2;
    }

    hr = MAPIInitialize(NULL);
    if (FAILED(hr)) {
        fprintf(stderr, "MAPIInitialize: 0x%08lx\n", (unsigned long)hr);
        return 1;
    }

    hr = CreateProbeProfile(argv[1]);
    if (FAILED(hr)) {
        rc = 1;
        goto Done;
    }
    hr = ProbeResolve(argv[2]);
    if (FAILED(hr))
        rc = 1;
    DeleteProbeProfile();

Done:
    MAPIUninitialize();
    return rc;
}
