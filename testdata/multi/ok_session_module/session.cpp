// session.cpp - logon helpers.
#include "session.h"
#include <stdio.h>
#include <mapiutil.h>

#define CHK(x)                                                                 \
    do {                                                                       \
        hr = (x);                                                              \
        if (FAILED(hr)) {                                                      \
            fwprintf(stderr, L"%hs: 0x%08lx\n", #x, (unsigned long)hr);        \
            goto Cleanup;                                                      \
        }                                                                      \
    } while (0)

HRESULT OpenSession(LPCWSTR pszProfile, bool fAllowUI, LPMAPISESSION* lppSession)
{
    ULONG ulFlags = MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION;
    LPMAPISESSION lpSession = NULL;

    if (!pszProfile)
        ulFlags |= MAPI_USE_DEFAULT;
    if (fAllowUI)
        ulFlags |= MAPI_LOGON_UI;

    *lppSession = NULL;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, ulFlags, &lpSession);
    if (FAILED(hr))
        return hr;
    *lppSession = lpSession;
    return S_OK;
}

void CloseSession(LPMAPISESSION& lpSession)
{
    if (!lpSession)
        return;
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    lpSession = NULL;
}

HRESULT OpenDefaultStore(LPMAPISESSION lpSession, LPMDB* lppMDB)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    CHK(lpSession->GetMsgStoresTable(0, &lpTable));
    CHK(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows));

    hr = MAPI_E_NOT_FOUND;
    for (ULONG i = 0; i < lpRows->cRows; i++) {
        LPSPropValue lpProps = lpRows->aRow[i].lpProps;
        if (lpProps[1].ulPropTag == PR_DEFAULT_STORE && lpProps[1].Value.b) {
            hr = lpSession->OpenMsgStore(0, lpProps[0].Value.bin.cb,
                                         (LPENTRYID)lpProps[0].Value.bin.lpb, NULL,
                                         MDB_NO_DIALOG | MAPI_BEST_ACCESS, lppMDB);
            break;
        }
    }

Cleanup:
    if (lpRows)
        FreeProws(lpRows);
    if (lpTable)
        lpTable->Release();
    return hr;
}
