// worker.cpp - counts the items of the default store's root folder.
#include "archive.h"

HRESULT CArchiveWorker::OpenStore()
{
    CComPtr<IMAPITable> spTable;
    HRESULT hr = m_lpSession->GetMsgStoresTable(0, &spTable);
    if (FAILED(hr))
        return hr;
    return m_lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_NO_DIALOG, &m_spStore);
}

HRESULT CArchiveWorker::Count(ULONG* lpcItems)
{
    ULONG ulType = 0;
    CComPtr<IMAPIFolder> spRoot;
    HRESULT hr = m_spStore->OpenEntry(0, NULL, NULL, 0, &ulType, (LPUNKNOWN*)&spRoot);
    if (FAILED(hr))
        return hr;
    CComPtr<IMAPITable> spContents;
    hr = spRoot->GetContentsTable(0, &spContents);
    if (FAILED(hr))
        return hr;
    hr = spContents->GetRowCount(0, &m_cItems);
    *lpcItems = m_cItems;
    return hr;
}
