// logon.h - scoped MAPI logon used by the sync tools.
#pragma once
#include <mapix.h>

class CScopedLogon
{
public:
    CScopedLogon() : m_lpSession(NULL) {}
    ~CScopedLogon() { Close(); }
    HRESULT Open(LPCSTR pszProfile, ULONG ulFlags);
    void Close();
    LPMAPISESSION get() const { return m_lpSession; }
private:
    CScopedLogon(const CScopedLogon&);
    CScopedLogon& operator=(const CScopedLogon&);
    LPMAPISESSION m_lpSession;
};
