// archiver.cpp - moves old items of the Inbox into an archive folder (the move itself is
// left to the provider). Three classes keep a session member; each is logged off before
// it is released, but never as `m_lpSession->Logoff(...)` in the releasing method:
//  * CArchiver: Stop() logs off through a local alias of the member;
//  * CPurger: the free function ShutdownPurger(CPurger*) logs off and releases p->m_lpSession
//    (it is a friend);
//  * CRetention: logs off in the derived class's Close() override; the base releases.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CArchiver
{
public:
    CArchiver() : m_lpSession(NULL) {}
    ~CArchiver() { Stop(); }
    HRESULT Start(LPCWSTR pszProfile)
    {
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | MAPI_NO_MAIL,
                           &m_lpSession);
    }
    void Stop()
    {
        LPMAPISESSION lpSession = m_lpSession;
        if (!lpSession)
            return;
        HRESULT hr = lpSession->Logoff(0, 0, 0);
        if (FAILED(hr))
            wprintf(L"archiver logoff: 0x%08lx\n", hr);
        m_lpSession->Release();
        m_lpSession = NULL;
    }
private:
    LPMAPISESSION m_lpSession;
};

class CPurger
{
    friend void ShutdownPurger(CPurger* p);
public:
    CPurger() : m_lpSession(NULL), m_cPurged(0) {}
    ~CPurger() { ShutdownPurger(this); }
    HRESULT Start()
    {
        return MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION,
                           &m_lpSession);
    }
private:
    LPMAPISESSION m_lpSession;
    ULONG m_cPurged;
};

void ShutdownPurger(CPurger* p)
{
    if (!p->m_lpSession)
        return;
    wprintf(L"purged %lu item(s)\n", p->m_cPurged);
    p->m_lpSession->Logoff(0, 0, 0);
    p->m_lpSession->Release();
    p->m_lpSession = NULL;
}

class CPolicyBase
{
public:
    CPolicyBase() : m_lpSession(NULL) {}
    virtual ~CPolicyBase() {}
    HRESULT Open(LPCWSTR pszProfile)
    {
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession);
    }
    void Release()
    {
        Close();
        if (m_lpSession)
        {
            m_lpSession->Release();
            m_lpSession = NULL;
        }
    }
protected:
    virtual void Close() = 0;
    LPMAPISESSION m_lpSession;
};

class CRetention : public CPolicyBase
{
public:
    ~CRetention() { Release(); }
protected:
    void Close()
    {
        if (m_lpSession)
            m_lpSession->Logoff(0, 0, 0);
    }
};

int wmain(int argc, wchar_t** argv)
{
    if (argc != 2)
    {
        wprintf(L"usage: %ls profile\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    {
        CArchiver archiver;
        if (FAILED(archiver.Start(argv[1])))
            wprintf(L"archiver: no session\n");
        CPurger purger;
        if (FAILED(purger.Start()))
            wprintf(L"purger: no session\n");
        CRetention retention;
        if (FAILED(retention.Open(argv[1])))
            wprintf(L"retention: no session\n");
    }
    MAPIUninitialize();
    return 0;
}
