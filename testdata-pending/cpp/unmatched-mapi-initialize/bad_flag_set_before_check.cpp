// outbox-flush: submits every message left in the Outbox of the default profile.
// Bug: InitMapi() records MAPI as initialized BEFORE it knows MAPIInitialize
// succeeded, so after a failed MAPIInitialize, UninitMapi() calls MAPIUninitialize
// anyway: a surplus uninitialize.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define EC_H(x) do { hr = (x); if (FAILED(hr)) printf("%s failed: 0x%08lx (line %d)\n", #x, hr, __LINE__); } while (0)

BOOL g_bMapiInit = FALSE;

HRESULT InitMapi()
{
    HRESULT hr;
    g_bMapiInit = TRUE;                        // too early
    EC_H(MAPIInitialize(NULL));
    return hr;
}

void UninitMapi()
{
    if (g_bMapiInit)
    {
        MAPIUninitialize(); //~ unmatched-mapi-initialize
        g_bMapiInit = FALSE;
    }
}

static HRESULT FlushOutbox(LPMAPISESSION lpSession)
{
    HRESULT hr = S_OK;
    LPMDB lpMDB = NULL;
    LPSPropValue lpOutboxEID = NULL;
    LPMAPIFOLDER lpOutbox = NULL;
    LPMAPITABLE lpTable = NULL;
    LPSRowSet lpRows = NULL;
    ULONG ulType = 0;
    ULONG cSubmitted = 0;
    SizedSPropTagArray(1, sptCols) = { 1, { PR_ENTRYID } };

    EC_H(HrOpenDefaultMsgStore(lpSession, &lpMDB));   // project helper, body not scanned
    if (FAILED(hr)) return hr;
    EC_H(HrGetOneProp(lpMDB, PR_IPM_OUTBOX_ENTRYID, &lpOutboxEID));
    if (SUCCEEDED(hr))
        EC_H(lpMDB->OpenEntry(lpOutboxEID->Value.bin.cb, (LPENTRYID)lpOutboxEID->Value.bin.lpb,
                              NULL, MAPI_MODIFY, &ulType, (LPUNKNOWN*)&lpOutbox));
    if (SUCCEEDED(hr))
        EC_H(lpOutbox->GetContentsTable(0, &lpTable));
    if (SUCCEEDED(hr))
        EC_H(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows));
    if (SUCCEEDED(hr))
    {
        for (ULONG i = 0; i < lpRows->cRows; i++)
        {
            LPMESSAGE lpMsg = NULL;
            const SBinary& eid = lpRows->aRow[i].lpProps[0].Value.bin;
            if (FAILED(lpOutbox->OpenEntry(eid.cb, (LPENTRYID)eid.lpb, NULL, MAPI_MODIFY, &ulType, (LPUNKNOWN*)&lpMsg)))
                continue;
            if (SUCCEEDED(lpMsg->SubmitMessage(0)))
                cSubmitted++;
            lpMsg->Release();
        }
        FreeProws(lpRows);
        printf("%lu message(s) submitted\n", cSubmitted);
    }
    if (lpTable) lpTable->Release();
    if (lpOutbox) lpOutbox->Release();
    MAPIFreeBuffer(lpOutboxEID);
    lpMDB->Release();
    return hr;
}

int main()
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;

    hr = InitMapi();
    if (SUCCEEDED(hr))
    {
        EC_H(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession));
        if (SUCCEEDED(hr))
        {
            hr = FlushOutbox(lpSession);
            lpSession->Logoff(0, 0, 0);
            lpSession->Release();
        }
    }

    UninitMapi();                              // also reached when InitMapi failed
    return FAILED(hr) ? 1 : 0;
}
