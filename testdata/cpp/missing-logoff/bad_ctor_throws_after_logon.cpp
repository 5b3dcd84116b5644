// abresolve.cpp - resolves display names against the session's address book.
//
// CAddressResolver acquires everything in its constructor and gives it back in its
// destructor. When the constructor throws, the destructor body does NOT run: only the
// members already built are destroyed. So after MAPILogonEx succeeded, a throw leaves
// m_spSession to its CComPtr destructor (Release without Logoff), and MAPIInitialize done
// in the constructor is never matched (only the destructor uninitializes).

#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

class CMapiError
{
public:
    CMapiError(HRESULT hr, LPCWSTR pszWhere) : m_hr(hr), m_pszWhere(pszWhere) {}
    HRESULT m_hr;
    LPCWSTR m_pszWhere;
};

class CAddressResolver
{
public:
    explicit CAddressResolver(LPCWSTR pszProfile);
    ~CAddressResolver();

    HRESULT Resolve(LPCWSTR pszName);

private:
    CComPtr<IMAPISession> m_spSession;
    CComPtr<IAddrBook>    m_spAddrBook;
};

CAddressResolver::CAddressResolver(LPCWSTR pszProfile)
{
    HRESULT hr = MAPIInitialize(NULL); //~ unmatched-mapi-initialize
    if (FAILED(hr))
        throw CMapiError(hr, L"MAPIInitialize");

    hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_spSession); //~ missing-logoff
    if (FAILED(hr))
        throw CMapiError(hr, L"MAPILogonEx");

    hr = m_spSession->OpenAddressBook(0, NULL, AB_NO_DIALOG, &m_spAddrBook);
    if (FAILED(hr))
        throw CMapiError(hr, L"OpenAddressBook");
}

CAddressResolver::~CAddressResolver()
{
    m_spAddrBook.Release();
    if (m_spSession)
    {
        m_spSession->Logoff(0, 0, 0);
        m_spSession.Release();
    }
    MAPIUninitialize();
}

HRESULT CAddressResolver::Resolve(LPCWSTR pszName)
{
    HRESULT hr = S_OK;
    LPADRLIST pAdrList = NULL;

    hr = MAPIAllocateBuffer(CbNewADRLIST(1), (LPVOID*)&pAdrList);
    if (FAILED(hr))
        return hr;
    ZeroMemory(pAdrList, CbNewADRLIST(1));
    pAdrList->cEntries = 1;
    pAdrList->aEntries[0].cValues = 1;

    hr = MAPIAllocateMore(sizeof(SPropValue), pAdrList, (LPVOID*)&pAdrList->aEntries[0].rgPropVals);
    if (FAILED(hr))
        goto Cleanup;
    pAdrList->aEntries[0].rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_W;
    pAdrList->aEntries[0].rgPropVals[0].Value.lpszW = (LPWSTR)pszName;

    hr = m_spAddrBook->ResolveName(0, MAPI_UNICODE, NULL, pAdrList);
    if (hr == MAPI_E_AMBIGUOUS_RECIP)
        wprintf(L"%s: ambiguous\n", pszName);
    else if (hr == MAPI_E_NOT_FOUND)
        wprintf(L"%s: not found\n", pszName);
    else if (SUCCEEDED(hr))
    {
        LPSPropValue pEmail = PpropFindProp(pAdrList->aEntries[0].rgPropVals,
                                            pAdrList->aEntries[0].cValues, PR_EMAIL_ADDRESS_W);
        wprintf(L"%s: %s\n", pszName, pEmail ? pEmail->Value.lpszW : L"(no address)");
    }

Cleanup:
    FreePadrlist(pAdrList);
    return hr;
}

static void usage(const wchar_t* argv0)
{
    wprintf(L"usage: %s profile name [name...]\n", argv0);
}

int wmain(int argc, wchar_t** argv)
{
    if (argc < 3)
    {
        usage(argv[0]);
        return 2;
    }

    try
    {
        CAddressResolver resolver(argv[1]);
        for (int i = 2; i < argc; i++)
            resolver.Resolve(argv[i]);
    }
    catch (const CMapiError& err)
    {
        wprintf(L"%s failed: 0x%08lx\n", err.m_pszWhere, err.m_hr);
        return 1;
    }
    return 0;
}
