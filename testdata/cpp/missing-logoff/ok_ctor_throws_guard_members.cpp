// gallookup.cpp - looks a name up in the Global Address List.
//
// Two constructors that can throw after acquiring something, both correct:
//  - CGalLookup builds its resources out of guard MEMBERS. When its constructor body throws,
//    the members already built are destroyed in reverse order: the session guard logs off
//    and releases, then the MAPI guard uninitializes.
//  - CLegacyLookup uses raw pointers, and undoes by hand what it acquired before each throw,
//    because its destructor will not run.

#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

class CMapiInitGuard
{
public:
    CMapiInitGuard()
    {
        HRESULT hr = MAPIInitialize(NULL);
        if (FAILED(hr))
            throw hr;
    }
    ~CMapiInitGuard() { MAPIUninitialize(); }
};

class CSessionGuard
{
public:
    explicit CSessionGuard(LPCWSTR pszProfile) : m_lpSession(NULL)
    {
        HRESULT hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                                 MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession);
        if (FAILED(hr))
            throw hr;
    }
    ~CSessionGuard()
    {
        m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
    }
    LPMAPISESSION Get() const { return m_lpSession; }

private:
    LPMAPISESSION m_lpSession;
};

class CGalLookup
{
public:
    explicit CGalLookup(LPCWSTR pszProfile)
        : m_init(), m_session(pszProfile)
    {
        HRESULT hr = m_session.Get()->OpenAddressBook(0, NULL, AB_NO_DIALOG, &m_spAddrBook);
        if (FAILED(hr))
            throw hr;           // m_session then m_init are destroyed: Logoff, Release, MAPIUninitialize
    }
    HRESULT Lookup(LPCWSTR pszName);

private:
    CMapiInitGuard     m_init;      // destroyed last
    CSessionGuard      m_session;
    CComPtr<IAddrBook> m_spAddrBook; // destroyed first
};

HRESULT CGalLookup::Lookup(LPCWSTR pszName)
{
    HRESULT hr = S_OK;
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;

    hr = m_spAddrBook->GetDefaultDir(&cbEID, &lpEID);
    if (FAILED(hr))
        return hr;
    wprintf(L"looking up %s in the default directory (%lu byte entry ID)\n", pszName, cbEID);
    MAPIFreeBuffer(lpEID);
    return hr;
}

class CLegacyLookup
{
public:
    explicit CLegacyLookup(LPCWSTR pszProfile);
    ~CLegacyLookup();
    LPADRBOOK AddrBook() const { return m_lpAdrBook; }

private:
    LPMAPISESSION m_lpSession;
    LPADRBOOK     m_lpAdrBook;
};

CLegacyLookup::CLegacyLookup(LPCWSTR pszProfile) : m_lpSession(NULL), m_lpAdrBook(NULL)
{
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        throw hr;

    hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_UNICODE, &m_lpSession);
    if (FAILED(hr))
    {
        MAPIUninitialize();
        throw hr;
    }

    hr = m_lpSession->OpenAddressBook(0, NULL, AB_NO_DIALOG, &m_lpAdrBook);
    if (FAILED(hr))
    {
        m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
        MAPIUninitialize();
        throw hr;
    }
}

CLegacyLookup::~CLegacyLookup()
{
    m_lpAdrBook->Release();
    m_lpSession->Logoff(0, 0, 0);
    m_lpSession->Release();
    MAPIUninitialize();
}

int wmain(int argc, wchar_t** argv)
{
    if (argc != 3)
    {
        wprintf(L"usage: %s profile name\n", argv[0]);
        return 2;
    }

    try
    {
        CGalLookup gal(argv[1]);
        gal.Lookup(argv[2]);
    }
    catch (HRESULT hr)
    {
        wprintf(L"GAL lookup failed: 0x%08lx\n", hr);
    }

    try
    {
        CLegacyLookup legacy(argv[1]);
        ULONG cbEID = 0;
        LPENTRYID lpEID = NULL;
        if (SUCCEEDED(legacy.AddrBook()->GetPAB(&cbEID, &lpEID)))
        {
            wprintf(L"personal address book: %lu byte entry ID\n", cbEID);
            MAPIFreeBuffer(lpEID);
        }
    }
    catch (HRESULT hr)
    {
        wprintf(L"legacy lookup failed: 0x%08lx\n", hr);
        return 1;
    }
    return 0;
}
