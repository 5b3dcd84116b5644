// tasklist.cpp - prints the subjects of the first few items of the Tasks folder.
//
// CMapiClientBase owns the session and logs it off in ITS destructor. CTaskReader derives
// from it and keeps the store, the Tasks folder and the contents table in CComPtr members.
// C++ destroys the derived members BEFORE the base-class destructor runs, so they are all
// released before the base logs off. CTaskReader's own destructor body is empty of MAPI.
#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static const SizedSPropTagArray(1, sptEID) = { 1, { PR_ENTRYID } };
static const SizedSPropTagArray(1, sptTasksEID) = { 1, { PR_IPM_TASK_ENTRYID } };
static const SizedSPropTagArray(1, sptSubject) = { 1, { PR_SUBJECT_W } };

class CMapiClientBase
{
public:
    CMapiClientBase() : m_lpSession(NULL) {}
    virtual ~CMapiClientBase()
    {
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
        }
    }
    HRESULT Logon(LPCWSTR pszProfile)
    {
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION |
                           (pszProfile ? 0 : MAPI_USE_DEFAULT), &m_lpSession);
    }
protected:
    LPMAPISESSION m_lpSession;
};

class CTaskReader : public CMapiClientBase
{
public:
    ~CTaskReader() { wprintf(L"%lu task(s) listed\n", m_cListed); }

    HRESULT Open()
    {
        HRESULT hr = S_OK;
        CComPtr<IMAPITable> spStores;
        CComPtr<IMAPIFolder> spRoot;
        LPSRowSet pRows = NULL;
        LPSPropValue lpTasksEID = NULL;
        ULONG cValues = 0, ulType = 0;

        CHK_HR(m_lpSession->GetMsgStoresTable(0, &spStores));
        CHK_HR(HrQueryAllRows(spStores, (LPSPropTagArray)&sptEID, NULL, NULL, 1, &pRows));
        if (pRows->cRows == 0)
        {
            hr = MAPI_E_NOT_FOUND;
            goto Cleanup;
        }
        CHK_HR(m_lpSession->OpenMsgStore(0, pRows->aRow[0].lpProps[0].Value.bin.cb,
                                         (LPENTRYID)pRows->aRow[0].lpProps[0].Value.bin.lpb,
                                         NULL, MDB_NO_DIALOG, &m_spStore));
        CHK_HR(m_spStore->OpenEntry(0, NULL, NULL, 0, &ulType, (LPUNKNOWN*)&spRoot));
        CHK_HR(spRoot->GetProps((LPSPropTagArray)&sptTasksEID, 0, &cValues, &lpTasksEID));
        if (lpTasksEID[0].ulPropTag != PR_IPM_TASK_ENTRYID)
        {
            hr = MAPI_E_NOT_FOUND;
            goto Cleanup;
        }
        CHK_HR(m_spStore->OpenEntry(lpTasksEID[0].Value.bin.cb, (LPENTRYID)lpTasksEID[0].Value.bin.lpb,
                                    NULL, 0, &ulType, (LPUNKNOWN*)&m_spTasks));
        CHK_HR(m_spTasks->GetContentsTable(MAPI_UNICODE, &m_spContents));
        CHK_HR(m_spContents->SetColumns((LPSPropTagArray)&sptSubject, 0));
    Cleanup:
        MAPIFreeBuffer(lpTasksEID);
        FreeProws(pRows);
        return hr;
    }

    HRESULT List(LONG cMax)
    {
        LPSRowSet pRows = NULL;
        HRESULT hr = m_spContents->QueryRows(cMax, 0, &pRows);
        if (FAILED(hr))
            return hr;
        for (ULONG i = 0; i < pRows->cRows; i++, m_cListed++)
            wprintf(L"  %ls\n", pRows->aRow[i].lpProps[0].ulPropTag == PR_SUBJECT_W
                                  ? pRows->aRow[i].lpProps[0].Value.lpszW : L"(no subject)");
        FreeProws(pRows);
        return S_OK;
    }

    CTaskReader() : m_cListed(0) {}

private:
    CComPtr<IMsgStore>   m_spStore;
    CComPtr<IMAPIFolder> m_spTasks;
    CComPtr<IMAPITable>  m_spContents;
    ULONG                m_cListed;
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
        CTaskReader reader;
        hr = reader.Logon(argc == 2 ? argv[1] : NULL);
        if (SUCCEEDED(hr))
            hr = reader.Open();
        if (SUCCEEDED(hr))
            hr = reader.List(10);
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
