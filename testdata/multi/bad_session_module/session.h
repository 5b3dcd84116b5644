// session.h - logon helpers for the folder-count tool.
#pragma once
#include <windows.h>
#include <mapix.h>

// On success *lppSession holds a fresh session owned by the caller.
HRESULT OpenSession(LPCWSTR pszProfile, LPMAPISESSION* lppSession);

// Logs off and releases.
void CloseSession(LPMAPISESSION lpSession);

// Logs off only; the caller is supposed to release the session itself afterwards.
void LogoffSession(LPMAPISESSION lpSession);

HRESULT CountFolders(LPMAPISESSION lpSession, ULONG* pcFolders);
