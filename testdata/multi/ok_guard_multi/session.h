// session.h - RAII MAPI session for the archive tools.
#pragma once
#include <mapix.h>

class CMapiSession
{
public:
    CMapiSession();
    ~CMapiSession();
    HRESULT Logon(LPCSTR pszProfile);
    LPMAPISESSION operator->() const { return m_lpSession; }
    LPMAPISESSION get() const { return m_lpSession; }
private:
    LPMAPISESSION m_lpSession;
};
