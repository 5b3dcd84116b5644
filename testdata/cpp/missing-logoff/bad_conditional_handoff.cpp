// profprobe.cpp - checks that profiles can log on, and keeps the ones asked for in a pool.
//
// ConnectProfile hands the session to the pool with pPool->Adopt(spSession.Detach(), ..)
// when the caller wants to keep it. Probe-only connections (fKeep == false) are left to the
// CComPtr, which releases the session at the closing brace without a Logoff.

#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define MAX_POOL 4

class CSessionPool
{
public:
    CSessionPool() : m_cSessions(0) {}
    ~CSessionPool() { Shutdown(); }

    // Takes over the reference in every case.
    void Adopt(LPMAPISESSION lpSession, LPCWSTR pszProfile)
    {
        if (m_cSessions == MAX_POOL)
        {
            wprintf(L"pool full, dropping %s\n", pszProfile);
            lpSession->Logoff(0, 0, 0);
            lpSession->Release();
            return;
        }
        m_rgSessions[m_cSessions++] = lpSession;
    }

    void Shutdown()
    {
        while (m_cSessions > 0)
        {
            LPMAPISESSION lpSession = m_rgSessions[--m_cSessions];
            lpSession->Logoff(0, 0, 0);
            lpSession->Release();
        }
    }
    ULONG Count() const { return m_cSessions; }

private:
    LPMAPISESSION m_rgSessions[MAX_POOL];
    ULONG         m_cSessions;
};

static HRESULT ProbeSession(LPMAPISESSION lpSession)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpStatus = NULL;
    ULONG cRows = 0;

    hr = lpSession->GetStatusTable(0, &lpStatus);
    if (FAILED(hr))
        return hr;
    hr = lpStatus->GetRowCount(0, &cRows);
    if (SUCCEEDED(hr))
        wprintf(L"  %lu status row(s)\n", cRows);
    lpStatus->Release();
    return hr;
}

static HRESULT ConnectProfile(CSessionPool* pPool, LPCWSTR pszProfile, bool fKeep)
{
    CComPtr<IMAPISession> spSession;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &spSession); //~ missing-logoff
    if (FAILED(hr))
        return hr;

    wprintf(L"%s: logged on\n", pszProfile);
    hr = ProbeSession(spSession);
    if (FAILED(hr))
    {
        spSession->Logoff(0, 0, 0);
        return hr;
    }

    if (fKeep)
        pPool->Adopt(spSession.Detach(), pszProfile);
    return S_OK;
}

int wmain(int argc, wchar_t** argv)
{
    int nFailed = 0;

    if (argc < 2)
    {
        wprintf(L"usage: %s profile[+] [profile[+]...]   (+ keeps the session open)\n", argv[0]);
        return 2;
    }

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    {
        CSessionPool pool;
        for (int i = 1; i < argc; i++)
        {
            size_t cch = wcslen(argv[i]);
            bool fKeep = cch > 1 && argv[i][cch - 1] == L'+';
            if (fKeep)
                argv[i][cch - 1] = L'\0';
            if (FAILED(ConnectProfile(&pool, argv[i], fKeep)))
                nFailed++;
        }
        wprintf(L"%lu session(s) kept, %d profile(s) failed\n", pool.Count(), nFailed);
        pool.Shutdown();
    }

    MAPIUninitialize();
    return nFailed ? 1 : 0;
}
