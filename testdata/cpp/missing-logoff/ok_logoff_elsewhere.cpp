// mbxtools.cpp - three session-owning classes that log on in one method and release in
// another. None of them writes `m_lpSession->Logoff(` in the releasing method, but every
// session is logged off before it is released:
//  * CProfileSession: the Logoff is in the base class CLogoffPolicy::EndSession();
//  * CFolderSync: the Logoff is done by the free helper CloseSession(m_lpSession);
//  * CRuleEditor: the Logoff goes through the Session() getter.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

// Logs off the session it is given; the caller still releases it.
static void CloseSession(LPMAPISESSION lpSession, ULONG_PTR ulUIParam)
{
    if (!lpSession)
        return;
    HRESULT hr = lpSession->Logoff(ulUIParam, 0, 0);
    if (FAILED(hr))
        wprintf(L"Logoff failed: 0x%08lx\n", hr);
}

class CLogoffPolicy
{
public:
    CLogoffPolicy() : m_lpSession(NULL) {}
    virtual ~CLogoffPolicy() {}
protected:
    void EndSession()
    {
        if (m_lpSession)
            m_lpSession->Logoff(0, 0, 0);
    }
    LPMAPISESSION m_lpSession;
};

class CProfileSession : public CLogoffPolicy
{
public:
    ~CProfileSession() { Disconnect(); }
    HRESULT Connect(LPCWSTR pszProfile)
    {
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession);
    }
    void Disconnect()
    {
        if (!m_lpSession)
            return;
        EndSession();
        m_lpSession->Release();
        m_lpSession = NULL;
    }
};

class CFolderSync
{
public:
    CFolderSync() : m_lpSession(NULL), m_hwnd(NULL) {}
    ~CFolderSync() { Stop(); }
    HRESULT Start(HWND hwnd)
    {
        m_hwnd = hwnd;
        return MAPILogonEx((ULONG_PTR)hwnd, NULL, NULL,
                           MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION | MAPI_LOGON_UI,
                           &m_lpSession);
    }
    void Stop()
    {
        if (m_lpSession)
        {
            CloseSession(m_lpSession, (ULONG_PTR)m_hwnd);
            m_lpSession->Release();
            m_lpSession = NULL;
        }
    }
private:
    LPMAPISESSION m_lpSession;
    HWND m_hwnd;
};

class CRuleEditor
{
public:
    CRuleEditor() : m_lpSession(NULL) {}
    ~CRuleEditor() { Close(); }
    HRESULT Open(LPCWSTR pszProfile)
    {
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession);
    }
    void Close()
    {
        if (!m_lpSession)
            return;
        Session()->Logoff(0, 0, 0);
        Session()->Release();
        m_lpSession = NULL;
    }
    LPMAPISESSION Session() const { return m_lpSession; }
private:
    LPMAPISESSION m_lpSession;
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
        CProfileSession profile;
        if (SUCCEEDED(profile.Connect(argv[1])))
            wprintf(L"profile session ok\n");
        CFolderSync sync;
        if (SUCCEEDED(sync.Start(NULL)))
            wprintf(L"sync started\n");
        CRuleEditor rules;
        if (SUCCEEDED(rules.Open(argv[1])))
            wprintf(L"rule editor open\n");
    }
    MAPIUninitialize();
    return 0;
}
