// contactcount.cpp - counts the entries of the default Contacts folder.
//
// Same guard classes as elsewhere in the tool set, but CContactCounter declares its session
// guard AFTER the store member. Members are destroyed in reverse declaration order, so the
// guard (Logoff + Release) runs first and the store is released after the session was
// logged off.

#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CMapiInitGuard
{
public:
    CMapiInitGuard()
    {
        HRESULT hr = MAPIInitialize(NULL);
        if (FAILED(hr))
            throw hr;
    }
    ~CMapiInitGuard() { MAPIUninitialize(); }
};

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
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession);
    }
    LPMAPISESSION operator->() const { return m_lpSession; }

private:
    LPMAPISESSION m_lpSession;
};

class CContactCounter
{
public:
    HRESULT Open(LPCWSTR pszProfile);
    HRESULT Count(ULONG* pcContacts);

private:
    CComPtr<IMsgStore> m_spStore;
    CSessionGuard      m_session;   // declared last: destroyed first, while m_spStore is open
};

HRESULT CContactCounter::Open(LPCWSTR pszProfile)
{
    HRESULT hr = S_OK;
    CComPtr<IMAPITable> spStores;
    LPSRowSet pRows = NULL;
    SRestriction sres;
    SPropValue spvDefault;
    static const SizedSPropTagArray(1, sptEID) = { 1, { PR_ENTRYID } };

    CHK_HR(m_session.Logon(pszProfile));
    CHK_HR(m_session->GetMsgStoresTable(0, &spStores));

    spvDefault.ulPropTag = PR_DEFAULT_STORE;
    spvDefault.Value.b = TRUE;
    sres.rt = RES_PROPERTY;
    sres.res.resProperty.relop = RELOP_EQ;
    sres.res.resProperty.ulPropTag = PR_DEFAULT_STORE;
    sres.res.resProperty.lpProp = &spvDefault;

    CHK_HR(HrQueryAllRows(spStores, (LPSPropTagArray)&sptEID, &sres, NULL, 1, &pRows));
    if (pRows->cRows != 1)
    {
        hr = MAPI_E_NOT_FOUND;
        goto Cleanup;
    }
    CHK_HR(m_session->OpenMsgStore(0, pRows->aRow[0].lpProps[0].Value.bin.cb, (LPENTRYID)pRows->aRow[0].lpProps[0].Value.bin.lpb, NULL, MDB_NO_DIALOG, &m_spStore)); //~ open-object-at-logoff

Cleanup:
    FreeProws(pRows);
    return hr;
}

HRESULT CContactCounter::Count(ULONG* pcContacts)
{
    HRESULT hr = S_OK;
    ULONG cbInbox = 0;
    LPENTRYID lpInboxEID = NULL;
    LPSPropValue pContactsEID = NULL;
    CComPtr<IMAPIFolder> spInbox;
    CComPtr<IMAPIFolder> spContacts;
    CComPtr<IMAPITable> spContents;
    ULONG ulType = 0;

    // PR_IPM_CONTACT_ENTRYID lives on the Inbox (and the root folder).
    CHK_HR(m_spStore->GetReceiveFolder((LPTSTR)"IPM.Note", 0, &cbInbox, &lpInboxEID, NULL));
    CHK_HR(m_spStore->OpenEntry(cbInbox, lpInboxEID, NULL, 0, &ulType, (LPUNKNOWN*)&spInbox));
    CHK_HR(HrGetOneProp(spInbox, PR_IPM_CONTACT_ENTRYID, &pContactsEID));
    CHK_HR(m_spStore->OpenEntry(pContactsEID->Value.bin.cb, (LPENTRYID)pContactsEID->Value.bin.lpb,
                                NULL, 0, &ulType, (LPUNKNOWN*)&spContacts));
    CHK_HR(spContacts->GetContentsTable(0, &spContents));
    CHK_HR(spContents->GetRowCount(0, pcContacts));

Cleanup:
    MAPIFreeBuffer(pContactsEID);
    MAPIFreeBuffer(lpInboxEID);
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    if (argc != 2)
    {
        wprintf(L"usage: %s profile\n", argv[0]);
        return 2;
    }

    try
    {
        CMapiInitGuard mapi;
        CContactCounter counter;
        ULONG cContacts = 0;
        HRESULT hr = counter.Open(argv[1]);
        if (SUCCEEDED(hr))
            hr = counter.Count(&cContacts);
        if (FAILED(hr))
        {
            wprintf(L"contactcount: 0x%08lx\n", hr);
            return 1;
        }
        wprintf(L"%lu contact(s)\n", cContacts);
    }
    catch (HRESULT hr)
    {
        wprintf(L"MAPIInitialize failed: 0x%08lx\n", hr);
        return 1;
    }
    return 0;
}
