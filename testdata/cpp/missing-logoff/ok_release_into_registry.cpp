// multiprofile.cpp - logs on to several profiles and keeps the sessions in a registry
// until the end of the run.
//
// The logon helpers hand their session over INSIDE a call argument:
//   return pRegistry->Register(spSession.Detach(), pszProfile);
//   CHK_HR(pRegistry->Add(upEntry.release()));
// The local smart pointers are empty afterwards and release nothing at their closing brace;
// the registry logs every session off and releases it in LogoffAll().

#include <windows.h>
#include <stdio.h>
#include <memory>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)
#define MAX_SESSIONS 8

// One logged-on profile. Owns its session: Logoff + Release in the destructor.
class CSessionEntry
{
public:
    CSessionEntry(LPMAPISESSION lpSession, LPCWSTR pszProfile)
        : m_lpSession(lpSession), m_pszProfile(pszProfile) {}
    ~CSessionEntry()
    {
        m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
    }
    LPCWSTR Profile() const { return m_pszProfile; }
    LPMAPISESSION Session() const { return m_lpSession; }

private:
    LPMAPISESSION m_lpSession;
    LPCWSTR       m_pszProfile;
};

class CSessionRegistry
{
public:
    CSessionRegistry() : m_cEntries(0) {}
    ~CSessionRegistry() { LogoffAll(); }

    // Both take ownership, also when they fail.
    HRESULT Add(CSessionEntry* pEntry)
    {
        if (m_cEntries == MAX_SESSIONS)
        {
            delete pEntry;
            return MAPI_E_NOT_ENOUGH_RESOURCES;
        }
        m_rgEntries[m_cEntries++] = pEntry;
        return S_OK;
    }
    HRESULT Register(LPMAPISESSION lpSession, LPCWSTR pszProfile)
    {
        return Add(new CSessionEntry(lpSession, pszProfile));
    }

    void LogoffAll()
    {
        while (m_cEntries > 0)
            delete m_rgEntries[--m_cEntries];
    }
    ULONG Count() const { return m_cEntries; }

private:
    CSessionEntry* m_rgEntries[MAX_SESSIONS];
    ULONG          m_cEntries;
};

static HRESULT CheckSession(LPMAPISESSION lpSession)
{
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;
    HRESULT hr = lpSession->QueryIdentity(&cbEID, &lpEID);
    if (SUCCEEDED(hr))
        MAPIFreeBuffer(lpEID);
    return hr;
}

// Interactive profiles: CComPtr handed over with Detach() in the return expression.
static HRESULT LogonInteractive(CSessionRegistry* pRegistry, LPCWSTR pszProfile)
{
    CComPtr<IMAPISession> spSession;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_UNICODE | MAPI_LOGON_UI, &spSession);
    if (FAILED(hr))
        return hr;

    hr = CheckSession(spSession);
    if (FAILED(hr))
    {
        spSession->Logoff(0, 0, 0);
        return hr;              // spSession releases after Logoff
    }
    return pRegistry->Register(spSession.Detach(), pszProfile);
}

// Service profiles: the raw session goes into an entry at once; the entry is handed over
// with release() inside CHK_HR.
static HRESULT LogonService(CSessionRegistry* pRegistry, LPCWSTR pszProfile)
{
    LPMAPISESSION lpSession = NULL;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession);
    if (FAILED(hr))
        return hr;

    std::unique_ptr<CSessionEntry> upEntry(new CSessionEntry(lpSession, pszProfile));
    CHK_HR(CheckSession(upEntry->Session()));   // on failure ~CSessionEntry logs off at the brace
    CHK_HR(pRegistry->Add(upEntry.release()));
    wprintf(L"%s: service session registered\n", pszProfile);

Cleanup:
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    if (argc < 2)
    {
        wprintf(L"usage: %s [/s] profile [[/s] profile...]\n", argv[0]);
        return 2;
    }

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    {
        CSessionRegistry registry;
        bool fService = false;
        for (int i = 1; i < argc; i++)
        {
            if (_wcsicmp(argv[i], L"/s") == 0)
            {
                fService = true;
                continue;
            }
            hr = fService ? LogonService(&registry, argv[i]) : LogonInteractive(&registry, argv[i]);
            if (FAILED(hr))
                wprintf(L"%s: 0x%08lx\n", argv[i], hr);
            fService = false;
        }
        wprintf(L"%lu session(s) open\n", registry.Count());
        registry.LogoffAll();
    }

    MAPIUninitialize();
    return 0;
}
