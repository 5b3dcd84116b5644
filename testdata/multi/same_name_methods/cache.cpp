#include "cache.h"

void CGlobalCache::MAPIInitialize()
{
    if (!m_bMAPIInitialized)
    {
        ::MAPIInitialize(NULL);
        m_bMAPIInitialized = true;
    }
}

void CGlobalCache::MAPIUninitialize()
{
    if (m_bMAPIInitialized)
    {
        ::MAPIUninitialize();
        m_bMAPIInitialized = false;
    }
}
