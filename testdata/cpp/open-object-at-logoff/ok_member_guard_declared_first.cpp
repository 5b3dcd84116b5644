// calpeek.cpp - prints the number of items in the default Calendar.
//
// CCalendarPeek holds its session in a CSessionGuard MEMBER whose destructor logs off and
// releases. The guard is declared FIRST, so it is destroyed LAST: the CComPtr members
// declared after it (store, calendar folder, contents table) are released before Logoff.
// The destructor body itself does nothing MAPI-related.
#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static const SizedSPropTagArray(1, sptEID) = { 1, { PR_ENTRYID } };
static const SizedSPropTagArray(1, sptCalendar) = { 1, { PR_IPM_APPOINTMENT_ENTRYID } };

class CSessionGuard
{
public:
    CSessionGuard() : m_lpSession(NULL) {}
    ~CSessionGuard()
    {
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
        }
    }
    HRESULT Logon(LPCWSTR pszProfile)
    {
        ULONG ulFlags = MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION;
        if (!pszProfile)
            ulFlags |= MAPI_USE_DEFAULT;
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL, ulFlags, &m_lpSession);
    }
    IMAPISession* Get() const { return m_lpSession; }
private:
    LPMAPISESSION m_lpSession;
};

class CCalendarPeek
{
public:
    CCalendarPeek() : m_cItems(0) {}
    ~CCalendarPeek()
    {
        wprintf(L"calendar peek done (%lu items)\n", m_cItems);
    }
    HRESULT Run(LPCWSTR pszProfile)
    {
        HRESULT hr = S_OK;
        CComPtr<IMAPITable> spStores;
        CComPtr<IMAPIFolder> spRoot;
        LPSRowSet pRows = NULL;
        LPSPropValue lpCalEID = NULL;
        ULONG cValues = 0, ulType = 0;

        CHK_HR(m_session.Logon(pszProfile));
        CHK_HR(m_session.Get()->GetMsgStoresTable(0, &spStores));
        CHK_HR(HrQueryAllRows(spStores, (LPSPropTagArray)&sptEID, NULL, NULL, 1, &pRows));
        if (pRows->cRows != 1)
        {
            hr = MAPI_E_NOT_FOUND;
            goto Cleanup;
        }
        CHK_HR(m_session.Get()->OpenMsgStore(0, pRows->aRow[0].lpProps[0].Value.bin.cb,
                                             (LPENTRYID)pRows->aRow[0].lpProps[0].Value.bin.lpb,
                                             NULL, MDB_NO_DIALOG, &m_spStore));
        // The Calendar's entry ID is a property of the root folder.
        CHK_HR(m_spStore->OpenEntry(0, NULL, NULL, 0, &ulType, (LPUNKNOWN*)&spRoot));
        CHK_HR(spRoot->GetProps((LPSPropTagArray)&sptCalendar, 0, &cValues, &lpCalEID));
        if (lpCalEID[0].ulPropTag != PR_IPM_APPOINTMENT_ENTRYID)
        {
            hr = MAPI_E_NOT_FOUND;
            goto Cleanup;
        }
        CHK_HR(m_spStore->OpenEntry(lpCalEID[0].Value.bin.cb, (LPENTRYID)lpCalEID[0].Value.bin.lpb,
                                    NULL, 0, &ulType, (LPUNKNOWN*)&m_spCalendar));
        CHK_HR(m_spCalendar->GetContentsTable(0, &m_spContents));
        CHK_HR(m_spContents->GetRowCount(0, &m_cItems));
    Cleanup:
        MAPIFreeBuffer(lpCalEID);
        FreeProws(pRows);
        return hr;
    }
private:
    CSessionGuard        m_session;     // first: destroyed last
    CComPtr<IMsgStore>   m_spStore;
    CComPtr<IMAPIFolder> m_spCalendar;
    CComPtr<IMAPITable>  m_spContents;
    ULONG                m_cItems;
};

static void usage(const wchar_t* argv0)
{
    wprintf(L"usage: %ls [profile]\n", argv0);
}

int wmain(int argc, wchar_t** argv)
{
    if (argc > 2)
    {
        usage(argv[0]);
        return 2;
    }
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
    {
        wprintf(L"MAPIInitialize failed: 0x%08lx\n", hr);
        return 1;
    }
    {
        CCalendarPeek peek;
        hr = peek.Run(argc == 2 ? argv[1] : NULL);
        if (FAILED(hr))
            wprintf(L"failed: 0x%08lx\n", hr);
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
