// mailwatch.cpp - an Outlook add-in component that watches for new mail.
//
// Correct: OnConnection (called by Outlook, not by this code) initialises MAPI and records
// it in m_fMapiInitialized; OnDisconnection, Outlook's later call, runs Shutdown(), which
// uninitialises only under that flag. OnConnection's own failure path calls Shutdown() too.
// A return with MAPI initialised is the object's state here, not a leak.
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>

class CMailWatch
{
public:
    STDMETHODIMP OnConnection(IDispatch* pApp, int mode, IDispatch* pAddIn, SAFEARRAY** custom);
    STDMETHODIMP OnDisconnection(int mode, SAFEARRAY** custom);

private:
    HRESULT OpenStore();
    void Shutdown();

    bool m_fMapiInitialized = false;
    LPMAPISESSION m_lpSession = nullptr;
    LPMDB m_lpMDB = nullptr;
};

STDMETHODIMP CMailWatch::OnConnection(IDispatch*, int, IDispatch*, SAFEARRAY**)
{
    HRESULT hr = MAPIInitialize(nullptr);
    if (FAILED(hr))
        return hr;
    m_fMapiInitialized = true;

    hr = MAPILogonEx(0, nullptr, nullptr, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL, &m_lpSession);
    if (SUCCEEDED(hr))
        hr = OpenStore();
    if (FAILED(hr))
        Shutdown();
    return hr;
}

STDMETHODIMP CMailWatch::OnDisconnection(int, SAFEARRAY**)
{
    Shutdown();
    return S_OK;
}

HRESULT CMailWatch::OpenStore()
{
    LPMAPITABLE lpTable = nullptr;
    LPSRowSet lpRows = nullptr;
    static const SizedSPropTagArray(1, cols) = { 1, { PR_ENTRYID } };
    HRESULT hr = m_lpSession->GetMsgStoresTable(0, &lpTable);
    if (FAILED(hr))
        return hr;
    hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&cols, nullptr, nullptr, 1, &lpRows);
    lpTable->Release();
    if (FAILED(hr))
        return hr;
    if (lpRows->cRows == 1)
        hr = m_lpSession->OpenMsgStore(0, lpRows->aRow[0].lpProps[0].Value.bin.cb,
                                       (LPENTRYID)lpRows->aRow[0].lpProps[0].Value.bin.lpb,
                                       nullptr, MDB_NO_DIALOG, &m_lpMDB);
    else
        hr = MAPI_E_NOT_FOUND;
    FreeProws(lpRows);
    return hr;
}

void CMailWatch::Shutdown()
{
    if (m_lpMDB)
    {
        m_lpMDB->Release();
        m_lpMDB = nullptr;
    }
    if (m_lpSession)
    {
        m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
        m_lpSession = nullptr;
    }
    if (m_fMapiInitialized)
    {
        MAPIUninitialize();
        m_fMapiInitialized = false;
    }
}
