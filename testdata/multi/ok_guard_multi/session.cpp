// session.cpp - CMapiSession: logs off and releases the session when it goes out of scope.
#include "session.h"

CMapiSession::CMapiSession() : m_lpSession(NULL)
{
}

CMapiSession::~CMapiSession()
{
    if (m_lpSession)
    {
        m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
    }
}

HRESULT CMapiSession::Logon(LPCSTR pszProfile)
{
    return MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &m_lpSession);
}
