// MailWatch.cpp : MFC application that keeps one MAPI session for its lifetime.
// InitInstance brings MAPI up, ExitInstance tears it down.
#include "stdafx.h"
#include <afxwin.h>
#include <afxole.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CMailWatchApp : public CWinApp
{
public:
    CMailWatchApp();
    virtual BOOL InitInstance();
    virtual int ExitInstance();

private:
    HRESULT LogonDefaultProfile();
    HRESULT CountStores(ULONG* pcStores);

    LPMAPISESSION m_lpSession;
    BOOL m_fOleInit;
    BOOL m_fMapiInit;
};

CMailWatchApp theApp;

CMailWatchApp::CMailWatchApp()
    : m_lpSession(NULL), m_fOleInit(FALSE), m_fMapiInit(FALSE)
{
}

HRESULT CMailWatchApp::LogonDefaultProfile()
{
    HRESULT hr = S_OK;
    CHK_HR(MAPILogonEx((ULONG_PTR)m_pMainWnd->GetSafeHwnd(), NULL, NULL, //~ missing-logoff
                       MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_UNICODE | MAPI_LOGON_UI,
                       &m_lpSession));
Cleanup:
    return hr;
}

HRESULT CMailWatchApp::CountStores(ULONG* pcStores)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;

    *pcStores = 0;
    CHK_HR(m_lpSession->GetMsgStoresTable(0, &lpTable));
    CHK_HR(lpTable->GetRowCount(0, pcStores));

Cleanup:
    if (lpTable)
        lpTable->Release();
    return hr;
}

BOOL CMailWatchApp::InitInstance()
{
    CWinApp::InitInstance();

    if (FAILED(OleInitialize(NULL)))
    {
        AfxMessageBox(_T("OLE initialization failed."));
        return FALSE;
    }
    m_fOleInit = TRUE;

    MAPIINIT_0 mapiInit = { MAPI_INIT_VERSION, 0 };
    if (FAILED(MAPIInitialize(&mapiInit)))
    {
        AfxMessageBox(_T("MAPI could not be initialized."));
        return FALSE; // ExitInstance still runs and undoes OLE
    }
    m_fMapiInit = TRUE;

    if (FAILED(LogonDefaultProfile()))
    {
        AfxMessageBox(_T("Logon to the default profile failed."));
        return FALSE;
    }

    ULONG cStores = 0;
    if (SUCCEEDED(CountStores(&cStores)))
    {
        CString msg;
        msg.Format(_T("%lu message stores in the profile."), cStores);
        AfxMessageBox(msg, MB_ICONINFORMATION);
    }
    return FALSE; // dialog-less utility: quit right away
}

int CMailWatchApp::ExitInstance()
{
    // The session is simply dropped here: no Logoff before the last Release.
    if (m_lpSession)
    {
        m_lpSession->Release();
        m_lpSession = NULL;
    }

    if (m_fMapiInit)
    {
        MAPIUninitialize();
        m_fMapiInit = FALSE;
    }

    if (m_fOleInit)
    {
        OleUninitialize(); //~ ole-uninitialize-after-mapi-uninitialize
        m_fOleInit = FALSE;
    }

    return CWinApp::ExitInstance();
}
