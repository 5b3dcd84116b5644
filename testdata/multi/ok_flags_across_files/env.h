// env.h: process-wide MAPI/OLE environment of the tray helper.
#pragma once
#include <windows.h>

extern BOOL g_fOleInit;
extern BOOL g_bMapiInit;

HRESULT EnvStart(BOOL fWithOle);
void EnvStop();
