// globals.h - process-wide MAPI state of the archiver service.
#pragma once
#include <windows.h>
#include <mapix.h>

extern LPMAPISESSION g_lpSession;

HRESULT StartMapi(LPCWSTR pwszProfile);   // startup.cpp
void StopMapi(bool fFastExit);            // shutdown.cpp
HRESULT ArchiveOnce(ULONG* pcMoved);      // archive.cpp
