#include "watcher.h"

HRESULT CLeaky::Watch(LPMAPITABLE lpTable, LPMAPIADVISESINK lpSink)
{
    m_lpTable = lpTable;
    return m_lpTable->Advise(fnevTableModified, lpSink, &m_ulConnection); //~ missing-unadvise
}

CLeaky::~CLeaky()
{
    if (m_lpTable) m_lpTable->Release();
}
