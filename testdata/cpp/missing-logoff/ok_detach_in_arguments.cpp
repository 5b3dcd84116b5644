// sessionhub.cpp - a hub that keeps several logged-on sessions, each wrapped in an entry
// object that logs off and releases it. The logon helpers give their smart pointer's
// session away INSIDE an argument or a return expression:
//   m_entries.push_back(new CHubEntry(spSession.Detach()));
//   CHK_HR(Register(new CHubEntry(spSession.Detach())));
//   pHub->Take(upSession.release());
//   return spSession.Detach();
//   return MakeEntry(spSession.Detach(), ppEntry);
// None of these sessions is released without Logoff.
#include <windows.h>
#include <stdio.h>
#include <memory>
#include <vector>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

struct SessionReleaser
{
    void operator()(IMAPISession* p) const { if (p) p->Release(); }
};
typedef std::unique_ptr<IMAPISession, SessionReleaser> SessionPtr;

class CHubEntry
{
public:
    explicit CHubEntry(IMAPISession* lpSession) : m_lpSession(lpSession) {}
    ~CHubEntry()
    {
        m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
    }
private:
    IMAPISession* m_lpSession;
};

static HRESULT MakeEntry(IMAPISession* lpSession, CHubEntry** ppEntry)
{
    *ppEntry = new CHubEntry(lpSession);
    return S_OK;
}

class CHub
{
public:
    ~CHub()
    {
        for (size_t i = 0; i < m_entries.size(); i++)
            delete m_entries[i];
    }
    HRESULT Register(CHubEntry* pEntry) { m_entries.push_back(pEntry); return S_OK; }
    void Take(IMAPISession* lpSession) { m_entries.push_back(new CHubEntry(lpSession)); }

    HRESULT AddDefault()
    {
        CComPtr<IMAPISession> spSession;
        HRESULT hr = MAPILogonEx(0, NULL, NULL,
                                 MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &spSession);
        if (FAILED(hr))
            return hr;
        m_entries.push_back(new CHubEntry(spSession.Detach()));
        return S_OK;
    }

    HRESULT AddProfile(LPCWSTR pszProfile)
    {
        HRESULT hr = S_OK;
        CComPtr<IMAPISession> spSession;
        CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &spSession));
        CHK_HR(Register(new CHubEntry(spSession.Detach())));
    Cleanup:
        return hr;
    }

    size_t Count() const { return m_entries.size(); }
private:
    std::vector<CHubEntry*> m_entries;
};

static void AddShared(CHub* pHub, LPCWSTR pszProfile)
{
    IMAPISession* lpSession = NULL;
    if (FAILED(MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &lpSession)))
        return;
    SessionPtr upSession(lpSession);
    pHub->Take(upSession.release());
}

static IMAPISession* LogonRaw(LPCWSTR pszProfile)
{
    CComPtr<IMAPISession> spSession;
    if (FAILED(MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &spSession)))
        return NULL;
    return spSession.Detach();
}

static HRESULT LogonEntry(LPCWSTR pszProfile, CHubEntry** ppEntry)
{
    CComPtr<IMAPISession> spSession;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                             MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &spSession);
    if (FAILED(hr))
        return hr;
    return MakeEntry(spSession.Detach(), ppEntry);
}

int wmain(int argc, wchar_t** argv)
{
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    {
        CHub hub;
        hub.AddDefault();
        for (int i = 1; i < argc; i++)
        {
            if (FAILED(hub.AddProfile(argv[i])))
                wprintf(L"cannot log on to %ls\n", argv[i]);
            AddShared(&hub, argv[i]);
            CHubEntry* pEntry = NULL;
            if (SUCCEEDED(LogonEntry(argv[i], &pEntry)))
                hub.Register(pEntry);
            IMAPISession* lpRaw = LogonRaw(argv[i]);
            if (lpRaw)
                hub.Take(lpRaw);
        }
        wprintf(L"%u session(s) in the hub\n", (unsigned)hub.Count());
    }
    MAPIUninitialize();
    return 0;
}
