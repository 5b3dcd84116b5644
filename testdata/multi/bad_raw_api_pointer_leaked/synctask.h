// synctask.h - copies the unread count of every store into the console log.
#pragma once

#include "mapiapi.h"

class CSyncTask
{
public:
    explicit CSyncTask(CMapiApi* pApi) : m_pApi(pApi) {}
    ~CSyncTask() {}

    HRESULT Run(LPCWSTR pszProfile, bool fVerbose);

private:
    HRESULT SyncStore(LPMAPISESSION lpSession, const SBinary& eid, bool fVerbose);

    CMapiApi* m_pApi;       // borrowed: the task never deletes it
};
