// quotacheck.cpp - warns when the default mailbox is close to its send quota.
//
// CQuotaChecker::OpenStore opens the store into a temporary CComPtr, checks it, and moves it
// into the member with m_spStore.Attach(spTmp.Detach()): the member owns the store from then
// on (spTmp releases nothing at the end of OpenStore). Close() logs off first and only then
// releases the member store: the store is open at Logoff.

#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

#ifndef PR_PROHIBIT_SEND_QUOTA
#define PR_PROHIBIT_SEND_QUOTA PROP_TAG(PT_LONG, 0x666E)
#endif

class CQuotaChecker
{
public:
    CQuotaChecker() : m_lpSession(NULL) {}
    ~CQuotaChecker() { Close(); }

    HRESULT Logon(LPCWSTR pszProfile);
    HRESULT OpenStore();
    HRESULT Check(ULONG ulPercent);
    void Close();

private:
    LPMAPISESSION      m_lpSession;
    CComPtr<IMsgStore> m_spStore;
};

HRESULT CQuotaChecker::Logon(LPCWSTR pszProfile)
{
    return MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession);
}

HRESULT CQuotaChecker::OpenStore()
{
    HRESULT hr = S_OK;
    CComPtr<IMAPITable> spStores;
    CComPtr<IMsgStore> spTmp;
    LPSRowSet pRows = NULL;
    LPSPropValue pMask = NULL;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    CHK_HR(m_lpSession->GetMsgStoresTable(0, &spStores));
    CHK_HR(HrQueryAllRows(spStores, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &pRows));
    for (ULONG i = 0; i < pRows->cRows; i++)
    {
        LPSPropValue pCols = pRows->aRow[i].lpProps;
        if (pCols[1].ulPropTag != PR_DEFAULT_STORE || !pCols[1].Value.b)
            continue;
        CHK_HR(m_lpSession->OpenMsgStore(0, pCols[0].Value.bin.cb, (LPENTRYID)pCols[0].Value.bin.lpb, NULL, MDB_NO_DIALOG, &spTmp)); //~ open-object-at-logoff
        break;
    }
    if (!spTmp)
    {
        hr = MAPI_E_NOT_FOUND;
        goto Cleanup;
    }

    // Only keep stores that can be written to.
    CHK_HR(HrGetOneProp(spTmp, PR_STORE_SUPPORT_MASK, &pMask));
    if (pMask->Value.l & STORE_READONLY)
    {
        hr = MAPI_E_NO_ACCESS;
        goto Cleanup;
    }
    m_spStore.Attach(spTmp.Detach());

Cleanup:
    MAPIFreeBuffer(pMask);
    FreeProws(pRows);
    return hr;
}

HRESULT CQuotaChecker::Check(ULONG ulPercent)
{
    HRESULT hr = S_OK;
    LPSPropValue pProps = NULL;
    ULONG cValues = 0;
    static const SizedSPropTagArray(2, sptQuota) = { 2, { PR_MESSAGE_SIZE_EXTENDED, PR_PROHIBIT_SEND_QUOTA } };

    CHK_HR(m_spStore->GetProps((LPSPropTagArray)&sptQuota, 0, &cValues, &pProps));
    if (pProps[0].ulPropTag == PR_MESSAGE_SIZE_EXTENDED && pProps[1].ulPropTag == PR_PROHIBIT_SEND_QUOTA)
    {
        ULONGLONG cbUsed = pProps[0].Value.li.QuadPart;
        ULONGLONG cbQuota = (ULONGLONG)pProps[1].Value.l * 1024;
        if (cbQuota && cbUsed * 100 >= cbQuota * ulPercent)
            wprintf(L"warning: mailbox at %I64u%% of its send quota\n", cbUsed * 100 / cbQuota);
        else
            wprintf(L"mailbox size OK\n");
    }
    else
        wprintf(L"no quota set\n");

Cleanup:
    MAPIFreeBuffer(pProps);
    return hr;
}

void CQuotaChecker::Close()
{
    if (m_lpSession)
        m_lpSession->Logoff(0, 0, 0);
    m_spStore.Release();
    if (m_lpSession)
    {
        m_lpSession->Release();
        m_lpSession = NULL;
    }
}

int wmain(int argc, wchar_t** argv)
{
    ULONG ulPercent = 90;

    if (argc < 2 || argc > 3)
    {
        wprintf(L"usage: %s profile [percent]\n", argv[0]);
        return 2;
    }
    if (argc == 3)
        ulPercent = wcstoul(argv[2], NULL, 10);

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    {
        CQuotaChecker checker;
        hr = checker.Logon(argv[1]);
        if (SUCCEEDED(hr))
            hr = checker.OpenStore();
        if (SUCCEEDED(hr))
            hr = checker.Check(ulPercent);
        if (FAILED(hr))
            wprintf(L"quotacheck: 0x%08lx\n", hr);
        checker.Close();
    }

    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
