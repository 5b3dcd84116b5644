// profcheck.cpp - logs on to each profile named on the command line, checks that it has a
// default store, and keeps the sessions that passed in a CSessionPool for the report phase.
//
// Every `lpSession = NULL;` below is correct:
//  * after the pool adopted the session (the pool logs off and releases it in its dtor);
//  * after the session was stored into the caller's out-parameter;
//  * after UlRelease() dropped our reference (Logoff came first);
//  * as the loop's re-initialisation once the previous pass released it;
//  * after a failed MAPILogonEx (which acquired nothing).
#include <windows.h>
#include <stdio.h>
#include <vector>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

HRESULT HasDefaultStore(IMAPISession* lpSession, BOOL* pfHas);

class CSessionPool
{
public:
    ~CSessionPool()
    {
        for (size_t i = 0; i < m_sessions.size(); i++)
        {
            m_sessions[i]->Logoff(0, 0, 0);
            m_sessions[i]->Release();
        }
    }
    // Takes over the caller's reference.
    void Adopt(LPMAPISESSION lpSession) { m_sessions.push_back(lpSession); }
    size_t Count() const { return m_sessions.size(); }

private:
    std::vector<LPMAPISESSION> m_sessions;
};

// Opens a session on the profile and hands it to the caller, who logs it off.
static HRESULT OpenProfileSession(LPCWSTR pszProfile, LPMAPISESSION* lppSession)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    BOOL fHas = FALSE;

    *lppSession = NULL;
    hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                     MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession);
    if (FAILED(hr))
    {
        // Some providers leave junk in the out-parameter on failure.
        lpSession = NULL;
        wprintf(L"%ls: logon failed 0x%08lx\n", pszProfile, hr);
        return hr;
    }

    CHK_HR(HasDefaultStore(lpSession, &fHas));
    if (!fHas)
    {
        hr = MAPI_E_NOT_FOUND;
        goto Cleanup;
    }

    *lppSession = lpSession;
    lpSession = NULL;           // now the caller's

Cleanup:
    if (lpSession)
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    return hr;
}

// Quick reachability test: log on, log off, drop the reference.
static HRESULT ProbeProfile(LPCWSTR pszProfile)
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                             MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &lpSession);
    if (FAILED(hr))
        return hr;
    lpSession->Logoff(0, 0, 0);
    UlRelease(lpSession);
    lpSession = NULL;
    return S_OK;
}

static ULONG ProbeAll(int cProfiles, wchar_t** rgpszProfiles)
{
    ULONG cOk = 0;
    LPMAPISESSION lpSession = NULL;

    for (int i = 0; i < cProfiles; i++)
    {
        HRESULT hr = MAPILogonEx(0, (LPTSTR)rgpszProfiles[i], NULL,
                                 MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &lpSession);
        if (FAILED(hr))
            continue;
        cOk++;
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
        lpSession = NULL;       // ready for the next pass
    }
    return cOk;
}

static void usage(const wchar_t* argv0)
{
    wprintf(L"usage: %ls profile [profile...]\n", argv0);
}

int wmain(int argc, wchar_t** argv)
{
    if (argc < 2)
    {
        usage(argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;

    {
        CSessionPool pool;
        wprintf(L"%lu profile(s) reachable\n", ProbeAll(argc - 1, argv + 1));
        for (int i = 1; i < argc; i++)
        {
            LPMAPISESSION lpSession = NULL;
            if (FAILED(ProbeProfile(argv[i])))
                continue;
            if (SUCCEEDED(OpenProfileSession(argv[i], &lpSession)))
            {
                pool.Adopt(lpSession);
                lpSession = NULL;   // the pool owns it now
            }
        }
        wprintf(L"%u profile(s) with a default store\n", (unsigned)pool.Count());
    }

    MAPIUninitialize();
    return 0;
}
