// sentid.cpp - prints the entry ID of the Sent Items folder as hex, for scripting.
//
// CExportJob OWNS its CMapiApi through a std::unique_ptr member (unlike the workers that
// only borrow a CMapiApi*). When the job goes out of scope, ~unique_ptr deletes the API
// object and ~CMapiApi calls MAPIUninitialize. The entry ID the job handed out is a MAPI
// buffer, and it is freed after that: after MAPIUninitialize, and so also not before the
// job's destructor logs the session off (leaked-mapi-buffer, at the allocating call).

#include <windows.h>
#include <stdio.h>
#include <memory>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CMapiApi
{
public:
    CMapiApi()
    {
        HRESULT hr = MAPIInitialize(NULL);
        if (FAILED(hr))
            throw hr;
    }
    ~CMapiApi() { MAPIUninitialize(); }
};

class CExportJob
{
public:
    explicit CExportJob(CMapiApi* pApi) : m_upApi(pApi), m_lpSession(NULL) {}
    ~CExportJob()
    {
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
        }
    }   // then m_upApi is destroyed: delete CMapiApi -> MAPIUninitialize

    HRESULT SentItemsId(LPCWSTR pszProfile, ULONG* pcb, LPBYTE* ppb);

private:
    std::unique_ptr<CMapiApi> m_upApi;
    LPMAPISESSION             m_lpSession;
};

HRESULT CExportJob::SentItemsId(LPCWSTR pszProfile, ULONG* pcb, LPBYTE* ppb)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpStores = NULL;
    LPSRowSet pRows = NULL;
    LPMDB lpMDB = NULL;
    LPSPropValue pSentEID = NULL;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession));
    CHK_HR(m_lpSession->GetMsgStoresTable(0, &lpStores));
    CHK_HR(HrQueryAllRows(lpStores, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &pRows));
    for (ULONG i = 0; i < pRows->cRows && !lpMDB; i++)
    {
        LPSPropValue pCols = pRows->aRow[i].lpProps;
        if (pCols[1].ulPropTag == PR_DEFAULT_STORE && pCols[1].Value.b)
            CHK_HR(m_lpSession->OpenMsgStore(0, pCols[0].Value.bin.cb, (LPENTRYID)pCols[0].Value.bin.lpb,
                                             NULL, MDB_NO_DIALOG, &lpMDB));
    }
    if (!lpMDB)
    {
        hr = MAPI_E_NOT_FOUND;
        goto Cleanup;
    }

    CHK_HR(HrGetOneProp(lpMDB, PR_IPM_SENTMAIL_ENTRYID, &pSentEID));
    CHK_HR(MAPIAllocateBuffer(pSentEID->Value.bin.cb, (LPVOID*)ppb)); //~ leaked-mapi-buffer
    memcpy(*ppb, pSentEID->Value.bin.lpb, pSentEID->Value.bin.cb);
    *pcb = pSentEID->Value.bin.cb;

Cleanup:
    MAPIFreeBuffer(pSentEID);
    if (lpMDB)
        lpMDB->Release();
    FreeProws(pRows);
    if (lpStores)
        lpStores->Release();
    return hr;
}

static void PrintHex(ULONG cb, const BYTE* pb)
{
    for (ULONG i = 0; i < cb; i++)
        wprintf(L"%02X", pb[i]);
    wprintf(L"\n");
}

int wmain(int argc, wchar_t** argv)
{
    ULONG cbSent = 0;
    LPBYTE pbSent = NULL;
    HRESULT hr = S_OK;

    if (argc != 2)
    {
        wprintf(L"usage: %s profile\n", argv[0]);
        return 2;
    }

    try
    {
        CExportJob job(new CMapiApi());
        hr = job.SentItemsId(argv[1], &cbSent, &pbSent);
    }   // job destroyed: Logoff, Release, then MAPIUninitialize
    catch (HRESULT hrInit)
    {
        wprintf(L"MAPIInitialize failed: 0x%08lx\n", hrInit);
        return 1;
    }

    if (FAILED(hr))
    {
        wprintf(L"sentid: 0x%08lx\n", hr);
        return 1;
    }
    PrintHex(cbSent, pbSent);
    MAPIFreeBuffer(pbSent); //~ use-after-mapi-uninitialize
    return 0;
}
