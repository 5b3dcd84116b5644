// folderstats.h - statistics for one folder. Borrows the API object and the store.
#pragma once

#include "mapiapi.h"

struct CFolderStats
{
    CFolderStats(CMapiApi* pApi, LPMDB lpMDB);
    ~CFolderStats();

    HRESULT Load(ULONG ulEntryIdTag);
    void Print() const;

    CMapiApi*    m_pApi;        // shared, not owned: ~CFolderStats does not delete it
    LPMDB        m_lpMDB;       // borrowed
    LPMAPIFOLDER m_lpFolder;    // owned
    ULONG        m_cItems;
    ULONG        m_cUnread;
};
