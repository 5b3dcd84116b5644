// session.h - process-wide MAPI session for the "whois" resolver tool.
#pragma once
#include <windows.h>
#include <mapix.h>
#include <string>

extern LPMAPISESSION g_lpSession;
extern LPADRBOOK g_lpAdrBook;   // opened lazily by resolve.cpp, cached for the run

HRESULT StartSession(LPCWSTR pwszProfile);
void EndSession();

HRESULT ResolveOne(LPCWSTR pwszName, std::wstring& displayName, std::wstring& smtp);
