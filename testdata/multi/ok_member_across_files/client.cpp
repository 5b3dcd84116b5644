// client.cpp - construction and teardown. Disconnect() is the one place the session is
// ended: the address book first, then Logoff, then Release.
#include "client.h"

CProfileClient::CProfileClient()
    : m_lpSession(NULL), m_lpAdrBook(NULL), m_cResolved(0)
{
}

CProfileClient::~CProfileClient()
{
    Disconnect();
}

void CProfileClient::Disconnect()
{
    if (m_lpAdrBook) {
        m_lpAdrBook->Release();
        m_lpAdrBook = NULL;
    }
    if (m_lpSession) {
        m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
        m_lpSession = NULL;
    }
}
