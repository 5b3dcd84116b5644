/* msgclone.c - creates two scratch messages in the root folder of the default store and
 * copies the first onto the second, in C.
 * Every MAPI buffer is freed or handed on, and every `p = NULL;` comes after the free:
 *  - CopyTo problems: freed in Cleanup;
 *  - SetProps: NULL problem array;
 *  - DeleteProps problems: returned to the caller through lppProblems;
 *  - GetPropList tags: freed, then the local is cleared for the next pass;
 *  - GetLastError(hr, 0, &lpErr): freed; the Win32 GetLastError() allocates nothing.
 */
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static const SizedSPropTagArray(1, sptaSkip) = { 1, { PR_MESSAGE_ATTACHMENTS } };
static const SizedSPropTagArray(1, sptaDrop) = { 1, { PR_INTERNET_MESSAGE_ID_A } };

static void LogError(LPMAPIPROP lpObj, HRESULT hrFailed)
{
    LPMAPIERROR lpErr = NULL;
    if (lpObj->lpVtbl->GetLastError(lpObj, hrFailed, 0, &lpErr) == S_OK && lpErr)
    {
        fprintf(stderr, "  %s\n", lpErr->lpszError ? (char *)lpErr->lpszError : "");
        MAPIFreeBuffer(lpErr);
    }
    else
    {
        fprintf(stderr, "  no extended error (win32 %lu)\n", GetLastError());
    }
}

/* The caller frees *lppProblems. */
static HRESULT DropMessageId(LPMESSAGE lpMsg, LPSPropProblemArray *lppProblems)
{
    LPSPropProblemArray lpProblems = NULL;
    HRESULT hr = lpMsg->lpVtbl->DeleteProps(lpMsg, (LPSPropTagArray)&sptaDrop, &lpProblems);
    if (FAILED(hr))
        return hr;
    *lppProblems = lpProblems;
    return S_OK;
}

static HRESULT CloneInto(LPMESSAGE lpSrc, LPMESSAGE lpDest)
{
    HRESULT hr = S_OK;
    LPSPropProblemArray lpCopyProblems = NULL;
    LPSPropProblemArray lpDropProblems = NULL;
    SPropValue spv;

    hr = IMAPIProp_CopyTo(lpSrc, 0, NULL, (LPSPropTagArray)&sptaSkip, 0, NULL,
                          &IID_IMessage, lpDest, 0, &lpCopyProblems);
    if (FAILED(hr))
    {
        LogError((LPMAPIPROP)lpSrc, hr);
        goto Cleanup;
    }
    if (lpCopyProblems)
        printf("CopyTo: %lu problem(s)\n", lpCopyProblems->cProblem);

    spv.ulPropTag = PR_MESSAGE_FLAGS;
    spv.Value.l = MSGFLAG_UNSENT;
    CHK(lpDest->lpVtbl->SetProps(lpDest, 1, &spv, NULL));
    CHK(DropMessageId(lpDest, &lpDropProblems));
    if (lpDropProblems)
        printf("DeleteProps: %lu problem(s)\n", lpDropProblems->cProblem);
    CHK(lpDest->lpVtbl->SaveChanges(lpDest, 0));

Cleanup:
    MAPIFreeBuffer(lpDropProblems);
    MAPIFreeBuffer(lpCopyProblems);
    return hr;
}

/* Prints how many properties each message carries. */
static void CountProps(LPMESSAGE *rgMsgs, ULONG cMsgs)
{
    LPSPropTagArray lpTags = NULL;
    ULONG i;
    for (i = 0; i < cMsgs; i++)
    {
        if (FAILED(rgMsgs[i]->lpVtbl->GetPropList(rgMsgs[i], 0, &lpTags)))
            continue;
        printf("message %lu: %lu properties\n", i, lpTags->cValues);
        MAPIFreeBuffer(lpTags);
        lpTags = NULL;
    }
}

static HRESULT Run(void)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpRoot = NULL;
    LPMESSAGE rgMsgs[2] = { NULL, NULL };
    ULONG ulType = 0;

    CHK(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &lpSession));
    CHK(lpSession->lpVtbl->OpenMsgStore(lpSession, 0, 0, NULL, NULL, MDB_WRITE, &lpMDB));
    CHK(lpMDB->lpVtbl->OpenEntry(lpMDB, 0, NULL, NULL, MAPI_MODIFY, &ulType, (LPUNKNOWN *)&lpRoot));
    CHK(lpRoot->lpVtbl->CreateMessage(lpRoot, NULL, 0, &rgMsgs[0]));
    CHK(lpRoot->lpVtbl->CreateMessage(lpRoot, NULL, 0, &rgMsgs[1]));
    CHK(CloneInto(rgMsgs[0], rgMsgs[1]));
    CountProps(rgMsgs, 2);

Cleanup:
    if (rgMsgs[1])
        rgMsgs[1]->lpVtbl->Release(rgMsgs[1]);
    if (rgMsgs[0])
        rgMsgs[0]->lpVtbl->Release(rgMsgs[0]);
    if (lpRoot)
        lpRoot->lpVtbl->Release(lpRoot);
    if (lpMDB)
        lpMDB->lpVtbl->Release(lpMDB);
    if (lpSession)
    {
        IMAPISession_Logoff(lpSession, 0, 0, 0);
        IMAPISession_Release(lpSession);
    }
    return hr;
}

int main(int argc, char **argv)
{
    HRESULT hr;
    (void)argv;
    if (argc != 1)
    {
        fprintf(stderr, "usage: msgclone\n");
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    hr = Run();
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
