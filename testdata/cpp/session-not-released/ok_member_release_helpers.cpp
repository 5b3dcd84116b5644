// storewatch.cpp - several small classes that each keep a raw session member. None of them
// calls m_lpSession->Release() by that name in its own methods, but each one does release it:
//  * CStoreLister: through the SafeRelease() helper macro in Shutdown();
//  * CQuickLogon: through UlRelease() in its destructor;
//  * CMailClient: through CSessionHolder::Close(), a method of its base class;
//  * CLogonTask: hands the session out with Detach(); the caller logs off and releases it;
//  * CPrefetcher: hands the session out through TakeSession(&lpSession), same contract.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define SafeRelease(p) do { if ((p) != NULL) { (p)->Release(); (p) = NULL; } } while (0)
#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CStoreLister
{
public:
    CStoreLister() : m_lpSession(NULL) {}
    ~CStoreLister() { Shutdown(); }
    HRESULT Start()
    {
        return MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION,
                           &m_lpSession);
    }
    void Shutdown()
    {
        if (m_lpSession)
            m_lpSession->Logoff(0, 0, 0);
        SafeRelease(m_lpSession);
    }
private:
    LPMAPISESSION m_lpSession;
};

class CQuickLogon
{
public:
    CQuickLogon() : m_lpSession(NULL) {}
    ~CQuickLogon()
    {
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            UlRelease(m_lpSession);
        }
    }
    HRESULT Logon(LPCWSTR pszProfile)
    {
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession);
    }
private:
    LPMAPISESSION m_lpSession;
};

class CSessionHolder
{
public:
    CSessionHolder() : m_lpSession(NULL) {}
    virtual ~CSessionHolder() { Close(); }
    void Close()
    {
        if (!m_lpSession)
            return;
        m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
        m_lpSession = NULL;
    }
protected:
    LPMAPISESSION m_lpSession;
};

class CMailClient : public CSessionHolder
{
public:
    HRESULT Connect(LPCWSTR pszProfile)
    {
        Close();
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession);
    }
    bool Connected() const { return m_lpSession != NULL; }
};

class CLogonTask
{
public:
    CLogonTask() : m_lpSession(NULL) {}
    HRESULT Run(LPCWSTR pszProfile)
    {
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession);
    }
    // Gives the session to the caller; the task forgets it.
    LPMAPISESSION Detach()
    {
        LPMAPISESSION lpSession = m_lpSession;
        m_lpSession = NULL;
        return lpSession;
    }
private:
    LPMAPISESSION m_lpSession;
};

class CPrefetcher
{
public:
    CPrefetcher() : m_lpSession(NULL) {}
    HRESULT Prefetch(LPCWSTR pszProfile)
    {
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | MAPI_NO_MAIL,
                           &m_lpSession);
    }
    // Moves the prefetched session into *lppSession.
    void TakeSession(LPMAPISESSION* lppSession)
    {
        *lppSession = m_lpSession;
        m_lpSession = NULL;
    }
private:
    LPMAPISESSION m_lpSession;
};

int wmain(int argc, wchar_t** argv)
{
    LPCWSTR pszProfile = argc > 1 ? argv[1] : NULL;
    if (FAILED(MAPIInitialize(NULL)))
        return 1;

    {
        CStoreLister lister;
        if (SUCCEEDED(lister.Start()))
            wprintf(L"default profile is usable\n");
        CQuickLogon quick;
        if (pszProfile && SUCCEEDED(quick.Logon(pszProfile)))
            wprintf(L"%ls is usable\n", pszProfile);
        CMailClient client;
        if (pszProfile && SUCCEEDED(client.Connect(pszProfile)))
            wprintf(L"client connected\n");
    }

    CLogonTask task;
    if (pszProfile && SUCCEEDED(task.Run(pszProfile)))
    {
        LPMAPISESSION lpSession = task.Detach();
        wprintf(L"task logged on\n");
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }

    CPrefetcher prefetcher;
    if (pszProfile && SUCCEEDED(prefetcher.Prefetch(pszProfile)))
    {
        LPMAPISESSION lpSession = NULL;
        prefetcher.TakeSession(&lpSession);
        wprintf(L"prefetched\n");
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }

    MAPIUninitialize();
    return 0;
}
