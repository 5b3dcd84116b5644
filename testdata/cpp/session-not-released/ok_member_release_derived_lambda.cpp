// agentkit.cpp - session-owning classes whose release lives in an unusual place:
//  * CAgentBase logs on into m_lpSession; the derived CArchiveAgent releases it in its
//    own Stop() (the base is abstract and never used alone);
//  * CNotifier releases its session inside a cleanup lambda run by a scope guard in Close();
//  * CPoller registers a static cleanup function that receives `this` and releases.
#include <windows.h>
#include <stdio.h>
#include <functional>
#include <mapix.h>
#include <mapiutil.h>

// Runs a callable when it goes out of scope.
class CScopeExit
{
public:
    explicit CScopeExit(std::function<void()> fn) : m_fn(fn) {}
    ~CScopeExit() { if (m_fn) m_fn(); }
private:
    std::function<void()> m_fn;
};

class CAgentBase
{
public:
    CAgentBase() : m_lpSession(NULL) {}
    virtual ~CAgentBase() {}
    HRESULT Logon(LPCWSTR pszProfile)
    {
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | MAPI_NO_MAIL,
                           &m_lpSession);
    }
    virtual void Stop() = 0;
protected:
    LPMAPISESSION m_lpSession;
};

class CArchiveAgent : public CAgentBase
{
public:
    ~CArchiveAgent() { Stop(); }
    void Stop()
    {
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
            m_lpSession = NULL;
        }
    }
};

class CNotifier
{
public:
    CNotifier() : m_lpSession(NULL) {}
    ~CNotifier() { Close(); }
    HRESULT Open()
    {
        return MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION,
                           &m_lpSession);
    }
    void Close()
    {
        if (!m_lpSession)
            return;
        CScopeExit release([this]() {
            m_lpSession->Release();
            m_lpSession = NULL;
        });
        m_lpSession->Logoff(0, 0, 0);
    }
private:
    LPMAPISESSION m_lpSession;
};

class CPoller
{
public:
    CPoller() : m_lpSession(NULL), m_cPolls(0) {}
    ~CPoller() { Cleanup(this); }
    HRESULT Open(LPCWSTR pszProfile)
    {
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession);
    }
    ULONG Polls() const { return m_cPolls; }
private:
    static void Cleanup(CPoller* pThis)
    {
        if (pThis->m_lpSession)
        {
            pThis->m_lpSession->Logoff(0, 0, 0);
            pThis->m_lpSession->Release();
            pThis->m_lpSession = NULL;
        }
    }
    LPMAPISESSION m_lpSession;
    ULONG m_cPolls;
};

int wmain(int argc, wchar_t** argv)
{
    LPCWSTR pszProfile = argc > 1 ? argv[1] : NULL;
    if (argc > 2)
    {
        wprintf(L"usage: %ls [profile]\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    {
        CArchiveAgent agent;
        if (SUCCEEDED(agent.Logon(pszProfile)))
            wprintf(L"archive agent running\n");
        CNotifier notifier;
        if (SUCCEEDED(notifier.Open()))
            wprintf(L"notifier running\n");
        CPoller poller;
        if (SUCCEEDED(poller.Open(pszProfile)))
            wprintf(L"poller running (%lu)\n", poller.Polls());
    }
    MAPIUninitialize();
    return 0;
}
