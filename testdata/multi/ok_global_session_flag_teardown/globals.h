// globals.h - process-wide MAPI state of the archiver service.
#pragma once
#include <windows.h>
#include <mapix.h>

extern LPMAPISESSION g_lpSession;
extern bool g_fLoggedOn;                  // a Logoff is still due

HRESULT StartMapi(LPCWSTR pwszProfile);   // startup.cpp
void StopMapi(bool fFastExit);            // shutdown.cpp
void Disconnect();                        // shutdown.cpp
HRESULT ArchiveOnce(ULONG* pcMoved);      // archive.cpp
