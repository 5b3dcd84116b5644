// calclient.cpp

#include "calclient.h"
#include <stdio.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

CCalendarClient::~CCalendarClient()
{
    Disconnect();
}

void CCalendarClient::Disconnect()
{
    m_spCalendar.Release();
    m_spStore.Release();
    if (m_spSession)
    {
        m_spSession->Logoff(0, 0, 0);
        m_spSession.Release();
    }
}

HRESULT CCalendarClient::Connect(LPCWSTR pszProfile)
{
    HRESULT hr = S_OK;

    CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_spSession));
    CHK_HR(OpenDefaultStore());
    CHK_HR(OpenCalendar());

Cleanup:
    if (FAILED(hr))
        Disconnect();
    return hr;
}

HRESULT CCalendarClient::OpenDefaultStore()
{
    HRESULT hr = S_OK;
    CComPtr<IMAPITable> spStores;
    LPSRowSet pRows = NULL;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    CHK_HR(m_spSession->GetMsgStoresTable(0, &spStores));
    CHK_HR(HrQueryAllRows(spStores, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &pRows));
    for (ULONG i = 0; i < pRows->cRows; i++)
    {
        LPSPropValue pCols = pRows->aRow[i].lpProps;
        if (pCols[1].ulPropTag == PR_DEFAULT_STORE && pCols[1].Value.b)
        {
            CHK_HR(m_spSession->OpenMsgStore(0, pCols[0].Value.bin.cb, (LPENTRYID)pCols[0].Value.bin.lpb,
                                             NULL, MDB_NO_DIALOG, &m_spStore));
            break;
        }
    }
    if (!m_spStore)
        hr = MAPI_E_NOT_FOUND;

Cleanup:
    FreeProws(pRows);
    return hr;
}

HRESULT CCalendarClient::OpenCalendar()
{
    HRESULT hr = S_OK;
    ULONG cbInbox = 0;
    LPENTRYID lpInboxEID = NULL;
    CComPtr<IMAPIFolder> spInbox;
    LPSPropValue pCalEID = NULL;
    ULONG ulType = 0;

    CHK_HR(m_spStore->GetReceiveFolder((LPTSTR)"IPM.Note", 0, &cbInbox, &lpInboxEID, NULL));
    CHK_HR(m_spStore->OpenEntry(cbInbox, lpInboxEID, NULL, 0, &ulType, (LPUNKNOWN*)&spInbox));
    CHK_HR(HrGetOneProp(spInbox, PR_IPM_APPOINTMENT_ENTRYID, &pCalEID));
    CHK_HR(m_spStore->OpenEntry(pCalEID->Value.bin.cb, (LPENTRYID)pCalEID->Value.bin.lpb, NULL, 0,
                                &ulType, (LPUNKNOWN*)&m_spCalendar));

Cleanup:
    MAPIFreeBuffer(pCalEID);
    MAPIFreeBuffer(lpInboxEID);
    return hr;
}

HRESULT CCalendarClient::CountAppointments(ULONG* pcItems)
{
    HRESULT hr = S_OK;
    CComPtr<IMAPITable> spContents;

    CHK_HR(m_spCalendar->GetContentsTable(0, &spContents));
    CHK_HR(spContents->GetRowCount(0, pcItems));

Cleanup:
    return hr;
}
