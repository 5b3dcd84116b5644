// folderstats.cpp

#include "folderstats.h"
#include <stdio.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

CFolderStats::CFolderStats(CMapiApi* pApi, LPMDB lpMDB)
    : m_pApi(pApi), m_lpMDB(lpMDB), m_lpFolder(NULL), m_cItems(0), m_cUnread(0)
{
}

CFolderStats::~CFolderStats()
{
    if (m_lpFolder)
        m_lpFolder->Release();
}

HRESULT CFolderStats::Load(ULONG ulEntryIdTag)
{
    HRESULT hr = S_OK;
    LPSPropValue pEID = NULL;
    LPSPropValue pProps = NULL;
    ULONG cValues = 0;
    ULONG ulType = 0;
    static const SizedSPropTagArray(2, sptCounts) = { 2, { PR_CONTENT_COUNT, PR_CONTENT_UNREAD } };

    CHK_HR(HrGetOneProp(m_lpMDB, ulEntryIdTag, &pEID));
    CHK_HR(m_lpMDB->OpenEntry(pEID->Value.bin.cb, (LPENTRYID)pEID->Value.bin.lpb, NULL, 0,
                              &ulType, (LPUNKNOWN*)&m_lpFolder));
    CHK_HR(m_lpFolder->GetProps((LPSPropTagArray)&sptCounts, 0, &cValues, &pProps));
    if (pProps[0].ulPropTag == PR_CONTENT_COUNT)
        m_cItems = pProps[0].Value.l;
    if (pProps[1].ulPropTag == PR_CONTENT_UNREAD)
        m_cUnread = pProps[1].Value.l;

Cleanup:
    MAPIFreeBuffer(pProps);
    MAPIFreeBuffer(pEID);
    return hr;
}

void CFolderStats::Print() const
{
    wprintf(L"  %lu item(s), %lu unread\n", m_cItems, m_cUnread);
}
