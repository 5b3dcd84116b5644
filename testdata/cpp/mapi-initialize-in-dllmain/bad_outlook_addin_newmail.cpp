// NewMailAddin.cpp - Outlook COM add-in that counts new mail in the default store.
// IDTExtensibility2::OnConnection logs on to Outlook's shared session and
// registers for fnevNewMail; OnDisconnection tears it down.
#include <windows.h>
#include <atlbase.h>
#include <atlcom.h>
#include <mapix.h>
#include <mapiutil.h>
#include "AddinDesign.h"   // IDTExtensibility2 from the MSADDNDR typelib

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

HINSTANCE g_hInst = NULL;

class ATL_NO_VTABLE CNewMailAddin :
    public CComObjectRootEx<CComSingleThreadModel>,
    public IDispatchImpl<_IDTExtensibility2, &__uuidof(_IDTExtensibility2), &__uuidof(__AddInDesignerObjects), 1, 0>
{
public:
    CNewMailAddin() : m_lpSession(NULL), m_lpStore(NULL), m_lpSink(NULL), m_ulNewMailConn(0), m_cNewMail(0) {}

    STDMETHOD(OnConnection)(IDispatch* pApplication, ext_ConnectMode, IDispatch*, SAFEARRAY**);
    STDMETHOD(OnDisconnection)(ext_DisconnectMode, SAFEARRAY**);
    STDMETHOD(OnAddInsUpdate)(SAFEARRAY**) { return S_OK; }
    STDMETHOD(OnStartupComplete)(SAFEARRAY**) { return S_OK; }
    STDMETHOD(OnBeginShutdown)(SAFEARRAY**) { return S_OK; }

private:
    static ULONG STDAPICALLTYPE OnNewMail(LPVOID lpvContext, ULONG cNotif, LPNOTIFICATION lpNotif);
    HRESULT OpenDefaultStore();

    LPMAPISESSION m_lpSession;
    LPMDB m_lpStore;
    LPMAPIADVISESINK m_lpSink;
    ULONG_PTR m_ulNewMailConn;
    LONG m_cNewMail;
};

ULONG STDAPICALLTYPE CNewMailAddin::OnNewMail(LPVOID lpvContext, ULONG cNotif, LPNOTIFICATION)
{
    InterlockedExchangeAdd(&static_cast<CNewMailAddin*>(lpvContext)->m_cNewMail, (LONG)cNotif);
    return 0;
}

HRESULT CNewMailAddin::OpenDefaultStore()
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(1, cols) = { 1, { PR_ENTRYID } };
    SPropValue spvDefault = { PR_DEFAULT_STORE, 0 };
    SRestriction res;

    spvDefault.Value.b = TRUE;
    res.rt = RES_PROPERTY;
    res.res.resProperty.relop = RELOP_EQ;
    res.res.resProperty.ulPropTag = PR_DEFAULT_STORE;
    res.res.resProperty.lpProp = &spvDefault;

    CHK_HR(m_lpSession->GetMsgStoresTable(0, &lpTable));
    CHK_HR(HrQueryAllRows(lpTable, (LPSPropTagArray)&cols, &res, NULL, 1, &lpRows));
    if (lpRows->cRows != 1)
    {
        hr = MAPI_E_NOT_FOUND;
        goto Cleanup;
    }
    CHK_HR(m_lpSession->OpenMsgStore(0, lpRows->aRow[0].lpProps[0].Value.bin.cb,
                                     (LPENTRYID)lpRows->aRow[0].lpProps[0].Value.bin.lpb,
                                     NULL, MAPI_BEST_ACCESS | MDB_NO_DIALOG, &m_lpStore));
Cleanup:
    if (lpRows)
        FreeProws(lpRows);
    if (lpTable)
        lpTable->Release();
    return hr;
}

STDMETHODIMP CNewMailAddin::OnConnection(IDispatch*, ext_ConnectMode, IDispatch*, SAFEARRAY**)
{
    HRESULT hr = S_OK;

    // MAPI itself was brought up in DllMain.
    CHK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL, &m_lpSession));
    CHK_HR(OpenDefaultStore());
    CHK_HR(HrAllocAdviseSink(&CNewMailAddin::OnNewMail, this, &m_lpSink));
    CHK_HR(m_lpStore->Advise(0, NULL, fnevNewMail, m_lpSink, &m_ulNewMailConn)); //~ missing-unadvise

Cleanup:
    return hr;
}

STDMETHODIMP CNewMailAddin::OnDisconnection(ext_DisconnectMode, SAFEARRAY**)
{
    ATLTRACE(L"NewMailAddin: %ld new messages this session\n", m_cNewMail);

    // Drop the store (the new-mail registration is assumed to go with it).
    if (m_lpStore)
    {
        m_lpStore->Release();
        m_lpStore = NULL;
    }
    if (m_lpSink)
    {
        m_lpSink->Release();
        m_lpSink = NULL;
    }
    if (m_lpSession)
    {
        m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
        m_lpSession = NULL;
    }
    return S_OK;
}

// The add-in DLL initialises MAPI for its whole lifetime.
BOOL WINAPI DllMain(HINSTANCE hInstance, DWORD dwReason, LPVOID)
{
    switch (dwReason)
    {
    case DLL_PROCESS_ATTACH:
        g_hInst = hInstance;
        DisableThreadLibraryCalls(hInstance);
        if (FAILED(MAPIInitialize(NULL))) //~ mapi-initialize-in-dllmain
            return FALSE;
        break;
    case DLL_PROCESS_DETACH:
        MAPIUninitialize(); //~ mapi-initialize-in-dllmain
        break;
    }
    return TRUE;
}
