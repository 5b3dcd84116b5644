// syncagent.cpp - a small agent that keeps one session per mailbox object, plus a
// process-wide notification session in a global.
//
// Correct:
//  * CMailboxClient keeps m_lpSession, logged on in Connect() and logged off and released
//    in Disconnect(), which the destructor calls; Connect() leaves nothing held when the
//    logon or the store lookup fails;
//  * g_lpSession is opened by StartGlobalSession() and closed by StopGlobalSession(),
//    which main pairs on every path;
//  * a session handed to CJobQueue::Adopt() belongs to the queue from then on.
#include <windows.h>
#include <stdio.h>
#include <vector>
#include <mapix.h>
#include <mapiutil.h>

HRESULT OpenDefaultStore(IMAPISession* lpSession, IMsgStore** lppMDB);

static LPMAPISESSION g_lpSession = NULL;

class CMailboxClient
{
public:
    CMailboxClient() : m_lpSession(NULL), m_lpMDB(NULL) {}
    ~CMailboxClient() { Disconnect(); }

    HRESULT Connect(LPCWSTR pwszProfile)
    {
        Disconnect();
        HRESULT hr = MAPILogonEx(0, (LPTSTR)pwszProfile, NULL,
                                 MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession);
        if (FAILED(hr)) {
            m_lpSession = NULL;
            return hr;
        }
        hr = OpenDefaultStore(m_lpSession, &m_lpMDB);
        if (FAILED(hr))
            Disconnect();
        return hr;
    }

    void Disconnect()
    {
        if (m_lpMDB) {
            m_lpMDB->Release();
            m_lpMDB = NULL;
        }
        if (m_lpSession) {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
            m_lpSession = NULL;
        }
    }

    bool IsConnected() const { return m_lpSession != NULL; }

private:
    LPMAPISESSION m_lpSession;
    LPMDB m_lpMDB;
};

// Keeps sessions for worker jobs and closes them when it is destroyed.
class CJobQueue
{
public:
    ~CJobQueue()
    {
        for (size_t i = 0; i < m_sessions.size(); i++) {
            m_sessions[i]->Logoff(0, 0, 0);
            m_sessions[i]->Release();
        }
    }
    void Adopt(LPMAPISESSION lpSession) { m_sessions.push_back(lpSession); }
    size_t Count() const { return m_sessions.size(); }
private:
    std::vector<LPMAPISESSION> m_sessions;
};

static HRESULT StartGlobalSession()
{
    return MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL, &g_lpSession);
}

static void StopGlobalSession()
{
    if (g_lpSession) {
        g_lpSession->Logoff(0, 0, 0);
        g_lpSession->Release();
        g_lpSession = NULL;
    }
}

static void QueueJobs(CJobQueue& queue, int cJobs)
{
    for (int i = 0; i < cJobs; i++) {
        LPMAPISESSION lpSession = NULL;
        if (FAILED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession)))
            break;
        queue.Adopt(lpSession);     // the queue owns it now
    }
}

int wmain(int argc, wchar_t** argv)
{
    if (argc < 2) {
        wprintf(L"usage: %ls profile [jobs]\n", argv[0]);
        return 2;
    }
    int cJobs = argc > 2 ? _wtoi(argv[2]) : 0;

    if (FAILED(MAPIInitialize(NULL)))
        return 1;

    int rc = 0;
    if (FAILED(StartGlobalSession())) {
        MAPIUninitialize();
        return 1;
    }

    {
        CMailboxClient client;
        if (FAILED(client.Connect(argv[1]))) {
            wprintf(L"cannot connect to %ls\n", argv[1]);
            rc = 1;
        }

        CJobQueue queue;
        QueueJobs(queue, cJobs);
        wprintf(L"%u job session(s) queued, client %ls\n", (unsigned)queue.Count(),
                client.IsConnected() ? L"connected" : L"offline");
    }   // queue and client close their sessions here

    StopGlobalSession();
    MAPIUninitialize();
    return rc;
}
