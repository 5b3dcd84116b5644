// propaudit.cpp - audits the named properties of the root folder of the default store and
// stamps an "audited" flag on it. Every MAPI buffer is freed or handed on:
//  * GetPropList tags go into CMapiBuffer<>, which calls MAPIFreeBuffer when it ends;
//  * GetNamesFromIDs is called with lpTags == NULL, so it allocates BOTH the tag array and
//    the name array; both are freed in Cleanup;
//  * the SetProps problem array is requested only in verbose mode and freed through the
//    FreeMapi() wrapper;
//  * DeleteProps problems are handed to the caller in an AUDITRESULT, which frees them;
//  * IMAPIProp::GetLastError's MAPIERROR is freed by LogMapiError; ::GetLastError() is
//    the Win32 call and allocates nothing;
//  * the QueryIdentity entry ID is kept in a member and freed in Close() before Logoff.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

static void FreeMapi(LPVOID pv)
{
    if (pv)
        MAPIFreeBuffer(pv);
}

template <class T> class CMapiBuffer
{
public:
    CMapiBuffer() : m_p(NULL) {}
    ~CMapiBuffer() { if (m_p) MAPIFreeBuffer(m_p); }
    T** operator&() { return &m_p; }
    T* operator->() const { return m_p; }
    operator T*() const { return m_p; }
private:
    T* m_p;
};

struct AUDITRESULT
{
    ULONG cNamed;
    LPSPropProblemArray lpDeleteProblems;   // freed by the receiver
};

static void LogMapiError(LPMAPIPROP lpObj, HRESULT hrFailed)
{
    LPMAPIERROR lpErr = NULL;
    if (SUCCEEDED(lpObj->GetLastError(hrFailed, MAPI_UNICODE, &lpErr)) && lpErr)
    {
        wprintf(L"  %ls: %ls\n", lpErr->lpszComponent ? (LPWSTR)lpErr->lpszComponent : L"?",
                lpErr->lpszError ? (LPWSTR)lpErr->lpszError : L"");
        MAPIFreeBuffer(lpErr);
    }
}

static HRESULT AuditNames(LPMAPIPROP lpObj, AUDITRESULT* pResult, BOOL fVerbose)
{
    HRESULT hr = S_OK;
    CMapiBuffer<SPropTagArray> allTags;
    LPSPropTagArray lpNamedTags = NULL;     // NULL in: GetNamesFromIDs allocates it
    LPMAPINAMEID* lppNames = NULL;
    LPSPropProblemArray lpSetProblems = NULL;
    LPSPropProblemArray lpDelProblems = NULL;
    ULONG cNames = 0;
    SPropValue spvFlag;
    SizedSPropTagArray(1, sptObsolete) = { 1, { PR_COMMENT_W } };

    CHK_HR(lpObj->GetPropList(MAPI_UNICODE, &allTags));
    wprintf(L"%lu properties\n", allTags->cValues);

    hr = lpObj->GetNamesFromIDs(&lpNamedTags, NULL, 0, &cNames, &lppNames);
    if (FAILED(hr))
    {
        LogMapiError(lpObj, hr);
        goto Cleanup;
    }
    pResult->cNamed = cNames;

    spvFlag.ulPropTag = PR_COMMENT_W;
    spvFlag.Value.lpszW = (LPWSTR)L"audited";
    CHK_HR(lpObj->SetProps(1, &spvFlag, fVerbose ? &lpSetProblems : NULL));
    if (lpSetProblems && lpSetProblems->cProblem)
        wprintf(L"SetProps reported %lu problem(s)\n", lpSetProblems->cProblem);

    CHK_HR(lpObj->DeleteProps((LPSPropTagArray)&sptObsolete, &lpDelProblems));
    pResult->lpDeleteProblems = lpDelProblems;
    lpDelProblems = NULL;

Cleanup:
    FreeMapi(lpSetProblems);
    MAPIFreeBuffer(lpNamedTags);
    MAPIFreeBuffer(lppNames);
    return hr;
}

class CAuditor
{
public:
    CAuditor() : m_lpSession(NULL), m_cbIdentity(0), m_lpIdentity(NULL) {}
    ~CAuditor() { Close(); }
    HRESULT Open()
    {
        HRESULT hr = S_OK;
        CHK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION,
                           &m_lpSession));
        CHK_HR(m_lpSession->QueryIdentity(&m_cbIdentity, &m_lpIdentity));
    Cleanup:
        return hr;
    }
    HRESULT Run(BOOL fVerbose)
    {
        HRESULT hr = S_OK;
        ULONG ulType = 0;
        LPMAPIPROP lpIdentity = NULL;
        AUDITRESULT result = { 0, NULL };

        CHK_HR(m_lpSession->OpenEntry(m_cbIdentity, m_lpIdentity, NULL, 0, &ulType,
                                      (LPUNKNOWN*)&lpIdentity));
        CHK_HR(AuditNames(lpIdentity, &result, fVerbose));
        wprintf(L"%lu named properties\n", result.cNamed);
    Cleanup:
        FreeMapi(result.lpDeleteProblems);
        if (lpIdentity)
            lpIdentity->Release();
        return hr;
    }
    void Close()
    {
        MAPIFreeBuffer(m_lpIdentity);
        m_lpIdentity = NULL;
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
            m_lpSession = NULL;
        }
    }
private:
    LPMAPISESSION m_lpSession;
    ULONG m_cbIdentity;
    LPENTRYID m_lpIdentity;
};

int wmain(int argc, wchar_t** argv)
{
    BOOL fVerbose = argc == 2 && wcscmp(argv[1], L"-v") == 0;
    HANDLE hLog = CreateFileW(L"propaudit.log", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (hLog == INVALID_HANDLE_VALUE)
        wprintf(L"no log file (error %lu)\n", ::GetLastError());
    else
        CloseHandle(hLog);
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    HRESULT hr = S_OK;
    {
        CAuditor auditor;
        hr = auditor.Open();
        if (SUCCEEDED(hr))
            hr = auditor.Run(fVerbose);
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
