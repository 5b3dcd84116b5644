// reconnect.cpp - a mailbox connection that can be re-established on demand. The session
// moves between variables a lot, and every move is correct:
//  * Reconnect() swaps the new session into the member and ends the OLD one through a
//    local alias (lpOld = m_lpSession; m_lpSession = lpNew; lpOld->Logoff/Release);
//  * Disconnect() takes the member into a local, clears the member, then ends the local;
//  * a new session that must wait goes into the m_pending vector, then the local is cleared;
//  * TryLogon() clears the local after a failed logon and keeps retrying.
#include <windows.h>
#include <stdio.h>
#include <vector>
#include <mapix.h>
#include <mapiutil.h>

class CConnection
{
public:
    CConnection() : m_lpSession(NULL) {}
    ~CConnection()
    {
        Disconnect();
        for (size_t i = 0; i < m_pending.size(); i++)
        {
            m_pending[i]->Logoff(0, 0, 0);
            m_pending[i]->Release();
        }
    }

    static HRESULT TryLogon(LPCWSTR pszProfile, int cTries, LPMAPISESSION* lppSession)
    {
        LPMAPISESSION lpSession = NULL;
        HRESULT hr = MAPI_E_CALL_FAILED;
        for (int i = 0; i < cTries; i++)
        {
            hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                             MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &lpSession);
            if (SUCCEEDED(hr))
                break;
            lpSession = NULL;       // failed: nothing to release, try again
            Sleep(500);
        }
        *lppSession = lpSession;
        return hr;
    }

    HRESULT Reconnect(LPCWSTR pszProfile)
    {
        LPMAPISESSION lpNew = NULL;
        HRESULT hr = TryLogon(pszProfile, 3, &lpNew);
        if (FAILED(hr))
            return hr;
        LPMAPISESSION lpOld = m_lpSession;
        m_lpSession = lpNew;
        lpNew = NULL;
        if (lpOld)
        {
            lpOld->Logoff(0, 0, 0);
            lpOld->Release();
        }
        return S_OK;
    }

    HRESULT Prefetch(LPCWSTR pszProfile)
    {
        LPMAPISESSION lpSession = NULL;
        HRESULT hr = TryLogon(pszProfile, 1, &lpSession);
        if (FAILED(hr))
            return hr;
        m_pending.push_back(lpSession);
        lpSession = NULL;
        return S_OK;
    }

    void Disconnect()
    {
        LPMAPISESSION lpSession = m_lpSession;
        m_lpSession = NULL;
        if (!lpSession)
            return;
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }

    bool Connected() const { return m_lpSession != NULL; }

private:
    LPMAPISESSION m_lpSession;
    std::vector<LPMAPISESSION> m_pending;
};

int wmain(int argc, wchar_t** argv)
{
    if (argc < 2 || argc > 3)
    {
        wprintf(L"usage: %ls profile [prefetch-profile]\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    {
        CConnection conn;
        if (FAILED(conn.Reconnect(argv[1])))
            wprintf(L"cannot connect to %ls\n", argv[1]);
        if (argc == 3 && FAILED(conn.Prefetch(argv[2])))
            wprintf(L"cannot prefetch %ls\n", argv[2]);
        if (conn.Connected() && FAILED(conn.Reconnect(argv[1])))
            wprintf(L"reconnect failed\n");
        conn.Disconnect();
    }
    MAPIUninitialize();
    return 0;
}
