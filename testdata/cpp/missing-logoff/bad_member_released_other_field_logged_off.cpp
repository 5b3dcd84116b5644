// dualsession.cpp - a migration tool that keeps two sessions: an admin session on the
// source profile and a user session on the target profile.
//
// Bug: CMigrator logs both sessions on in Open() and releases both in Close(), but only
// the admin session is logged off. m_lpUserSession is released without Logoff, and no
// other method of CMigrator (or its base CToolBase) logs it off.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CToolBase
{
public:
    CToolBase() : m_cErrors(0) {}
    virtual ~CToolBase() {}
    void Error(LPCWSTR pszWhat, HRESULT hr)
    {
        wprintf(L"error: %ls (0x%08lx)\n", pszWhat, hr);
        m_cErrors++;
    }
    ULONG Errors() const { return m_cErrors; }
private:
    ULONG m_cErrors;
};

class CMigrator : public CToolBase
{
public:
    CMigrator() : m_lpAdminSession(NULL), m_lpUserSession(NULL) {}
    ~CMigrator() { Close(); }

    HRESULT Open(LPCWSTR pszSource, LPCWSTR pszTarget)
    {
        HRESULT hr = S_OK;
        CHK_HR(MAPILogonEx(0, (LPTSTR)pszSource, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | MAPI_NO_MAIL,
                           &m_lpAdminSession));
        CHK_HR(MAPILogonEx(0, (LPTSTR)pszTarget, NULL, //~ missing-logoff
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION,
                           &m_lpUserSession));
    Cleanup:
        if (FAILED(hr))
            Error(L"logon", hr);
        return hr;
    }

    HRESULT CountStores(ULONG* pcSource, ULONG* pcTarget)
    {
        HRESULT hr = S_OK;
        LPMAPITABLE lpTable = NULL;
        CHK_HR(m_lpAdminSession->GetMsgStoresTable(0, &lpTable));
        CHK_HR(lpTable->GetRowCount(0, pcSource));
        lpTable->Release();
        lpTable = NULL;
        CHK_HR(m_lpUserSession->GetMsgStoresTable(0, &lpTable));
        CHK_HR(lpTable->GetRowCount(0, pcTarget));
    Cleanup:
        if (lpTable)
            lpTable->Release();
        return hr;
    }

    void Close()
    {
        if (m_lpAdminSession)
        {
            m_lpAdminSession->Logoff(0, 0, 0);
            m_lpAdminSession->Release();
            m_lpAdminSession = NULL;
        }
        if (m_lpUserSession)
        {
            m_lpUserSession->Release();     // BUG: no Logoff for the user session
            m_lpUserSession = NULL;
        }
    }

private:
    LPMAPISESSION m_lpAdminSession;
    LPMAPISESSION m_lpUserSession;
};

int wmain(int argc, wchar_t** argv)
{
    if (argc != 3)
    {
        wprintf(L"usage: %ls source-profile target-profile\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    ULONG cErrors = 0;
    {
        CMigrator mig;
        ULONG cSource = 0, cTarget = 0;
        if (SUCCEEDED(mig.Open(argv[1], argv[2])) &&
            SUCCEEDED(mig.CountStores(&cSource, &cTarget)))
            wprintf(L"source: %lu stores, target: %lu stores\n", cSource, cTarget);
        cErrors = mig.Errors();
    }
    MAPIUninitialize();
    return cErrors ? 1 : 0;
}
