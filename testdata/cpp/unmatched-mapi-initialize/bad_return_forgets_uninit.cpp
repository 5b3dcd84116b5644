// sendnote: sends a short plain-text message from the default profile.
// Most failures end the process through Fatal() (which exits); the one failure that
// returns normally, an unresolved recipient, logs off but forgets MAPIUninitialize.
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mapix.h>
#include <mapiutil.h>

static void Bail(int code)
{
    fflush(stdout);
    exit(code);
}

// Every path ends in Bail(), which ends in exit(): Fatal never returns.
static void Fatal(const char* what, HRESULT hr)
{
    fprintf(stderr, "sendnote: %s failed: 0x%08lx\n", what, hr);
    Bail(1);
}

static void usage()
{
    fprintf(stderr, "usage: sendnote <recipient> <subject> <text>\n");
    Bail(2);
}

static HRESULT ResolveRecipient(LPADRBOOK lpAB, LPCSTR pszTo, LPADRLIST* lppAdrList)
{
    HRESULT hr = MAPIAllocateBuffer(CbNewADRLIST(1), (LPVOID*)lppAdrList);
    if (FAILED(hr))
        return hr;
    LPADRLIST lpAdrList = *lppAdrList;
    lpAdrList->cEntries = 1;
    lpAdrList->aEntries[0].cValues = 2;
    hr = MAPIAllocateMore(2 * sizeof(SPropValue), lpAdrList, (LPVOID*)&lpAdrList->aEntries[0].rgPropVals);
    if (FAILED(hr))
        return hr;
    lpAdrList->aEntries[0].rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_A;
    lpAdrList->aEntries[0].rgPropVals[0].Value.lpszA = (LPSTR)pszTo;
    lpAdrList->aEntries[0].rgPropVals[1].ulPropTag = PR_RECIPIENT_TYPE;
    lpAdrList->aEntries[0].rgPropVals[1].Value.l = MAPI_TO;
    return lpAB->ResolveName(0, 0, NULL, lpAdrList);
}

int main(int argc, char** argv)
{
    HRESULT hr;
    LPMAPISESSION lpSession = NULL;
    LPADRBOOK lpAB = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpOutbox = NULL;
    LPMESSAGE lpMsg = NULL;
    LPADRLIST lpAdrList = NULL;
    LPSPropValue lpOutboxEID = NULL;
    ULONG ulType = 0;

    if (argc != 4)
        usage();

    hr = MAPIInitialize(NULL); //~ unmatched-mapi-initialize
    if (FAILED(hr))
        Fatal("MAPIInitialize", hr);

    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession);
    if (FAILED(hr))
        Fatal("MAPILogonEx", hr);

    hr = lpSession->OpenAddressBook(0, NULL, AB_NO_DIALOG, &lpAB);
    if (FAILED(hr))
        Fatal("OpenAddressBook", hr);

    hr = ResolveRecipient(lpAB, argv[1], &lpAdrList);
    if (FAILED(hr))
    {
        // Not fatal for a script: report and return a distinct status.
        fprintf(stderr, "sendnote: cannot resolve \"%s\" (0x%08lx)\n", argv[1], hr);
        FreePadrlist(lpAdrList);
        lpAB->Release();
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
        return 3;                       // MAPIUninitialize forgotten on this path
    }

    hr = HrOpenDefaultMsgStore(lpSession, &lpMDB);   // project helper, body not scanned
    if (FAILED(hr))
        Fatal("opening the default store", hr);
    hr = HrGetOneProp(lpMDB, PR_IPM_OUTBOX_ENTRYID, &lpOutboxEID);
    if (FAILED(hr))
        Fatal("PR_IPM_OUTBOX_ENTRYID", hr);
    hr = lpMDB->OpenEntry(lpOutboxEID->Value.bin.cb, (LPENTRYID)lpOutboxEID->Value.bin.lpb,
                          NULL, MAPI_MODIFY, &ulType, (LPUNKNOWN*)&lpOutbox);
    if (FAILED(hr))
        Fatal("opening the Outbox", hr);
    hr = lpOutbox->CreateMessage(NULL, 0, &lpMsg);
    if (FAILED(hr))
        Fatal("CreateMessage", hr);

    SPropValue props[2];
    props[0].ulPropTag = PR_SUBJECT_A;
    props[0].Value.lpszA = argv[2];
    props[1].ulPropTag = PR_BODY_A;
    props[1].Value.lpszA = argv[3];
    hr = lpMsg->SetProps(2, props, NULL);
    if (SUCCEEDED(hr))
        hr = lpMsg->ModifyRecipients(MODRECIP_ADD, lpAdrList);
    if (SUCCEEDED(hr))
        hr = lpMsg->SubmitMessage(0);
    if (FAILED(hr))
        fprintf(stderr, "sendnote: submitting failed: 0x%08lx\n", hr);
    else
        printf("sent.\n");

    lpMsg->Release();
    lpOutbox->Release();
    MAPIFreeBuffer(lpOutboxEID);
    lpMDB->Release();
    FreePadrlist(lpAdrList);
    lpAB->Release();
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
