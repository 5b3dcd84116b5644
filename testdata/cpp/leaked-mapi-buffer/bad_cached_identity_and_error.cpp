// whoami.cpp - prints the display name of the logged-on identity and of the default store.
//
// Bugs:
//  * CIdentity caches the QueryIdentity entry ID in m_lpIdentityEID and no method ever
//    frees it (Close only logs off and releases);
//  * ReportError frees the MAPIERROR from IMAPIProp::GetLastError only when it carries
//    an error text.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static void ReportError(LPMAPIPROP lpObj, LPCWSTR pszWhat, HRESULT hrFailed)
{
    LPMAPIERROR lpErr = NULL;
    wprintf(L"%ls failed: 0x%08lx\n", pszWhat, hrFailed);
    if (FAILED(lpObj->GetLastError(hrFailed, MAPI_UNICODE, &lpErr)) || !lpErr) //~ leaked-mapi-buffer
        return;
    if (lpErr->lpszError)
    {
        wprintf(L"  %ls\n", (LPWSTR)lpErr->lpszError);
        MAPIFreeBuffer(lpErr);      // BUG: not freed when lpszError is NULL
    }
}

class CIdentity
{
public:
    CIdentity() : m_lpSession(NULL), m_cbIdentityEID(0), m_lpIdentityEID(NULL) {}
    ~CIdentity() { Close(); }

    HRESULT Open(LPCWSTR pszProfile)
    {
        HRESULT hr = S_OK;
        CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession));
        CHK_HR(m_lpSession->QueryIdentity(&m_cbIdentityEID, &m_lpIdentityEID)); //~ leaked-mapi-buffer
    Cleanup:
        return hr;
    }

    HRESULT Print()
    {
        HRESULT hr = S_OK;
        ULONG ulType = 0;
        LPMAPIPROP lpUser = NULL;
        LPSPropValue lpName = NULL;

        CHK_HR(m_lpSession->OpenEntry(m_cbIdentityEID, m_lpIdentityEID, NULL, 0, &ulType,
                                      (LPUNKNOWN*)&lpUser));
        hr = HrGetOneProp(lpUser, PR_DISPLAY_NAME_W, &lpName);
        if (FAILED(hr))
        {
            ReportError(lpUser, L"HrGetOneProp", hr);
            goto Cleanup;
        }
        wprintf(L"logged on as %ls\n", lpName->Value.lpszW);

    Cleanup:
        MAPIFreeBuffer(lpName);
        if (lpUser)
            lpUser->Release();
        return hr;
    }

    void Close()
    {
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
            m_lpSession = NULL;
        }
    }

private:
    LPMAPISESSION m_lpSession;
    ULONG m_cbIdentityEID;
    LPENTRYID m_lpIdentityEID;
};

int wmain(int argc, wchar_t** argv)
{
    if (argc > 2)
    {
        wprintf(L"usage: %ls [profile]\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    HRESULT hr = S_OK;
    {
        CIdentity id;
        hr = id.Open(argc == 2 ? argv[1] : NULL);
        if (SUCCEEDED(hr))
            hr = id.Print();
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
