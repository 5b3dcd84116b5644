// export.cpp - writes the subjects of the default calendar to a text file.
#include "exporter.h"
#include <stdio.h>

static HRESULT OpenDefaultStore(LPMAPISESSION lpSession, LPMDB* lppMDB)
{
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(2, cols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    HRESULT hr = lpSession->GetMsgStoresTable(0, &lpTable);
    if (FAILED(hr))
        return hr;
    hr = HrQueryAllRows(lpTable, (LPSPropTagArray)&cols, NULL, NULL, 0, &lpRows);
    lpTable->Release();
    if (FAILED(hr))
        return hr;

    hr = MAPI_E_NOT_FOUND;
    for (ULONG i = 0; i < lpRows->cRows; i++)
    {
        if (lpRows->aRow[i].lpProps[1].Value.b)
        {
            hr = lpSession->OpenMsgStore(0, lpRows->aRow[i].lpProps[0].Value.bin.cb,
                                         (LPENTRYID)lpRows->aRow[i].lpProps[0].Value.bin.lpb,
                                         NULL, MDB_NO_DIALOG, lppMDB);
            break;
        }
    }
    FreeProws(lpRows);
    return hr;
}

HRESULT ExportCalendar(LPMAPISESSION lpSession, LPCSTR pszOutFile, ULONG* lpcItems)
{
    *lpcItems = 0;
    LPMDB lpMDB = NULL;
    HRESULT hr = OpenDefaultStore(lpSession, &lpMDB);
    if (FAILED(hr))
        return hr;

    FILE* out = fopen(pszOutFile, "w");
    if (!out)
    {
        lpMDB->Release();
        return E_FAIL;
    }
    // (the folder walk is elided: one line per item)
    fprintf(out, "calendar export\n");
    fclose(out);
    lpMDB->Release();
    return S_OK;
}
