// session.h - logon helpers shared by the mbxtool commands.
#pragma once
#include <windows.h>
#include <mapix.h>

// Logs on to pszProfile (the default profile when NULL). On success *lppSession holds a
// new session the caller must pass to CloseSession().
HRESULT OpenSession(LPCWSTR pszProfile, bool fAllowUI, LPMAPISESSION* lppSession);

// Logs the session off and releases it. Sets the caller's pointer to NULL.
void CloseSession(LPMAPISESSION& lpSession);

// Opens the store flagged PR_DEFAULT_STORE. The caller releases *lppMDB.
HRESULT OpenDefaultStore(LPMAPISESSION lpSession, LPMDB* lppMDB);
