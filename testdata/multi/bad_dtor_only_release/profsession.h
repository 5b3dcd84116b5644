// profsession.h - a MAPI session bound to one profile, shared by the sync commands.
#pragma once

#include <windows.h>
#include <mapix.h>

class CProfileSession
{
public:
    CProfileSession();
    ~CProfileSession();

    HRESULT Connect(LPCWSTR pszProfile);
    bool IsConnected() const { return m_lpSession != NULL; }
    LPMAPISESSION Session() const { return m_lpSession; }

    HRESULT ListStores();
    HRESULT GetIdentity(LPWSTR pszName, size_t cchName);

private:
    CProfileSession(const CProfileSession&);
    CProfileSession& operator=(const CProfileSession&);

    LPMAPISESSION m_lpSession;
    ULONG         m_cStores;
};
