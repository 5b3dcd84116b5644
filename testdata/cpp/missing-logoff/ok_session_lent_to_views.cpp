// viewerapp.cpp - a console "viewer" where CViewerApp owns the session and the views
// borrow it. Each view AddRefs the session it is given and only Releases it: logging off
// is the owner's job (CViewerApp::Shutdown, after every view is gone). The field names are
// the same (m_lpSession) in all classes on purpose.
#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CStoresView
{
public:
    explicit CStoresView(LPMAPISESSION lpSession) : m_lpSession(lpSession)
    {
        m_lpSession->AddRef();
    }
    ~CStoresView()
    {
        m_lpSession->Release();     // borrowed reference only
    }
    HRESULT Show()
    {
        HRESULT hr = S_OK;
        CComPtr<IMAPITable> spTable;
        ULONG cRows = 0;
        CHK_HR(m_lpSession->GetMsgStoresTable(0, &spTable));
        CHK_HR(spTable->GetRowCount(0, &cRows));
        wprintf(L"%lu message store(s)\n", cRows);
    Cleanup:
        return hr;
    }
private:
    LPMAPISESSION m_lpSession;
};

class CStatusView
{
public:
    CStatusView() : m_lpSession(NULL) {}
    ~CStatusView() { Detach(); }
    void Attach(LPMAPISESSION lpSession)
    {
        Detach();
        m_lpSession = lpSession;
        m_lpSession->AddRef();
    }
    void Detach()
    {
        if (m_lpSession)
        {
            m_lpSession->Release();
            m_lpSession = NULL;
        }
    }
    HRESULT Show()
    {
        HRESULT hr = S_OK;
        CComPtr<IMAPITable> spStatus;
        ULONG cRows = 0;
        CHK_HR(m_lpSession->GetStatusTable(0, &spStatus));
        CHK_HR(spStatus->GetRowCount(0, &cRows));
        wprintf(L"%lu status row(s)\n", cRows);
    Cleanup:
        return hr;
    }
private:
    LPMAPISESSION m_lpSession;
};

class CViewerApp
{
public:
    CViewerApp() : m_lpSession(NULL) {}
    ~CViewerApp() { Shutdown(); }
    HRESULT Logon(LPCWSTR pszProfile)
    {
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION |
                           (pszProfile ? 0 : MAPI_USE_DEFAULT), &m_lpSession);
    }
    HRESULT Run()
    {
        HRESULT hr = S_OK;
        CStoresView stores(m_lpSession);
        CStatusView status;
        status.Attach(m_lpSession);
        CHK_HR(stores.Show());
        CHK_HR(status.Show());
    Cleanup:
        return hr;
    }
    void Shutdown()
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
        CViewerApp app;
        hr = app.Logon(argc == 2 ? argv[1] : NULL);
        if (SUCCEEDED(hr))
            hr = app.Run();
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
