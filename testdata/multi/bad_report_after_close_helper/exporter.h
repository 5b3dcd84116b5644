// exporter.h - shared declarations of the calendar exporter.
#pragma once
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>

// session.cpp
HRESULT ConnectProfile(LPCSTR pszProfile, LPMAPISESSION* lppSession);
void CloseProfile(LPMAPISESSION lpSession);
void PrintMapiError(LPMAPISESSION lpSession, HRESULT hr, LPCSTR pszStep);

// export.cpp
HRESULT ExportCalendar(LPMAPISESSION lpSession, LPCSTR pszOutFile, ULONG* lpcItems);
