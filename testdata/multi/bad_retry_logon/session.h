// session.h - logon helpers for the syncprobe tool.
#pragma once
#include <windows.h>
#include <mapix.h>

// Logs on to pszProfile, retrying up to cAttempts times while the stores are not yet
// available. On success *lppSession is a new session; pass it to EndSession().
HRESULT LogonWithRetry(LPCWSTR pszProfile, int cAttempts, LPMAPISESSION* lppSession);

// Logs the session off and releases it.
void EndSession(LPMAPISESSION lpSession);

// Number of rows in the session's message store table.
HRESULT CountStores(LPMAPISESSION lpSession, ULONG* pcStores);
