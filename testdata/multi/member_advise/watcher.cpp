#include "watcher.h"

HRESULT CWatcher::Start(LPMDB lpMDB, LPMAPIADVISESINK lpSink)
{
    m_lpMDB = lpMDB;
    m_lpMDB->AddRef();
    return m_lpMDB->Advise(0, NULL, fnevNewMail, lpSink, &m_ulConnection);
}

void CWatcher::Stop()
{
    if (m_ulConnection)
    {
        m_lpMDB->Unadvise(m_ulConnection);
        m_ulConnection = 0;
    }
}

CWatcher::~CWatcher()
{
    Stop();
    if (m_lpMDB) m_lpMDB->Release();
}
