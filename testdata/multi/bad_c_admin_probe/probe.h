/* probe.h - abprobe: checks that a PST-only temporary profile can resolve a name. */
#ifndef ABPROBE_PROBE_H
#define ABPROBE_PROBE_H
#include <windows.h>
#include <mapix.h>

#define ABPROBE_PROFILE "abprobe-tmp"

HRESULT CreateProbeProfile(LPCSTR pszPstPath);   /* profile.c */
void    DeleteProbeProfile(void);                /* profile.c */
HRESULT ProbeResolve(LPCSTR pszName);            /* probe.c */
#endif
