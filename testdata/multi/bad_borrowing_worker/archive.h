// archive.h - the pieces of a mailbox archiver. The worker borrows the session it is
// given: it keeps the pointer in a member but never releases it (the caller owns it).
#pragma once
#include <windows.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

HRESULT StartSession(LPCSTR szProfile, LPMAPISESSION* lppSession);
void StopSession(LPMAPISESSION lpSession);

class CArchiveWorker
{
public:
    explicit CArchiveWorker(LPMAPISESSION lpSession) : m_lpSession(lpSession), m_cItems(0) {}
    HRESULT OpenStore();
    HRESULT Count(ULONG* lpcItems);
private:
    LPMAPISESSION m_lpSession;       // borrowed from the caller
    CComPtr<IMsgStore> m_spStore;    // owned: released with the worker
    ULONG m_cItems;
};
