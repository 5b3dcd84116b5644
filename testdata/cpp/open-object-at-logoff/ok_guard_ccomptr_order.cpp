// outboxstat.cpp - reports how many messages wait in the Outbox and lists the transport
// providers of the status table. The logon object owns the store and the Outbox and
// releases both before it logs off; the CComPtrs of Report() are declared after the logon,
// so they are destroyed before it.
//
// Usage: outboxstat <profile>
#include <windows.h>
#include <atlbase.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) { printf("%s: 0x%08lx\n", #x, hr); return hr; } } while (0)

class CProfileSession
{
public:
    CProfileSession() : m_lpSession(NULL), m_lpMDB(NULL), m_lpOutbox(NULL) {}
    ~CProfileSession() { Close(); }

    HRESULT Open(LPCSTR pszProfile)
    {
        HRESULT hr = S_OK;
        LPSPropValue lpOutboxEID = NULL;
        ULONG ulType = 0;
        CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &m_lpSession));
        CHK_HR(m_lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_NO_DIALOG, &m_lpMDB));
        CHK_HR(HrGetOneProp(m_lpMDB, PR_IPM_OUTBOX_ENTRYID, &lpOutboxEID));
        hr = m_lpMDB->OpenEntry(lpOutboxEID->Value.bin.cb, (LPENTRYID)lpOutboxEID->Value.bin.lpb, NULL, 0,
            &ulType, (LPUNKNOWN*)&m_lpOutbox);
        MAPIFreeBuffer(lpOutboxEID);
        return hr;
    }

    // Objects first, then the session.
    void Close()
    {
        if (m_lpOutbox)
        {
            m_lpOutbox->Release();
            m_lpOutbox = NULL;
        }
        if (m_lpMDB)
        {
            m_lpMDB->Release();
            m_lpMDB = NULL;
        }
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
            m_lpSession = NULL;
        }
    }

    LPMAPISESSION Session() const { return m_lpSession; }
    LPMAPIFOLDER Outbox() const { return m_lpOutbox; }

private:
    LPMAPISESSION m_lpSession;
    LPMDB m_lpMDB;
    LPMAPIFOLDER m_lpOutbox;
};

static HRESULT PrintTransports(LPMAPITABLE lpStatus)
{
    HRESULT hr = S_OK;
    LPSRowSet lpRows = NULL;
    SRestriction sres = {};
    SPropValue spv = {};
    SizedSPropTagArray(2, sptaCols) = { 2, { PR_DISPLAY_NAME_A, PR_STATUS_CODE } };

    spv.ulPropTag = PR_RESOURCE_TYPE;
    spv.Value.l = MAPI_TRANSPORT_PROVIDER;
    sres.rt = RES_PROPERTY;
    sres.res.resProperty.relop = RELOP_EQ;
    sres.res.resProperty.ulPropTag = PR_RESOURCE_TYPE;
    sres.res.resProperty.lpProp = &spv;
    CHK_HR(HrQueryAllRows(lpStatus, (LPSPropTagArray)&sptaCols, &sres, NULL, 0, &lpRows));
    for (ULONG i = 0; i < lpRows->cRows; i++)
        printf("transport %s status 0x%08lx\n", lpRows->aRow[i].lpProps[0].Value.lpszA, lpRows->aRow[i].lpProps[1].Value.l);
    FreeProws(lpRows);
    return S_OK;
}

static HRESULT Report(LPCSTR pszProfile)
{
    HRESULT hr = S_OK;
    CProfileSession session;
    CHK_HR(session.Open(pszProfile));

    CComPtr<IMAPITable> spContents;
    ULONG cQueued = 0;
    CHK_HR(session.Outbox()->GetContentsTable(0, &spContents));
    CHK_HR(spContents->GetRowCount(0, &cQueued));
    printf("%lu message(s) in the Outbox\n", cQueued);
    if (cQueued == 0)
        return S_OK;            // spContents goes before session

    CComPtr<IMAPITable> spStatus;
    CHK_HR(session.Session()->GetStatusTable(0, &spStatus));
    {
        // A raw pointer released inside the block.
        LPMAPISTATUS lpSpooler = NULL;
        ULONG ulType = 0;
        SizedSPropTagArray(1, sptaCode) = { 1, { PR_STATUS_CODE } };
        if (SUCCEEDED(session.Session()->OpenEntry(0, NULL, &IID_IMAPIStatus, 0, &ulType, (LPUNKNOWN*)&lpSpooler)))
        {
            LPSPropValue lpCode = NULL;
            ULONG cValues = 0;
            if (SUCCEEDED(lpSpooler->GetProps((LPSPropTagArray)&sptaCode, 0, &cValues, &lpCode)))
            {
                printf("session status 0x%08lx\n", lpCode[0].Value.l);
                MAPIFreeBuffer(lpCode);
            }
            lpSpooler->Release();
        }
    }
    return PrintTransports(spStatus);
}

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        printf("usage: %s <profile>\n", argv[0]);
        return 2;
    }
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;
    hr = Report(argv[1]);
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
