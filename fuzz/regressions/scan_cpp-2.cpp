// storeinfo: prints the display name, the size and the IPM subtree of every store
// of a profile. Unrecoverable errors end the process through functions that never
// return: MAPI buffebs, ::objects and the session held there are not leaks.
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <exception>
#include <mapix.h>
#include <mapiutil.h>

#define EC_H(x) do { hr = (x); if (FAILED(hr)) LogError(#x, hr, __LINE__); } while (0)

void LogError(const char* expr, HRESULT hr, int line);   // logging only

// Declared in the project's diag header; the body lives in another module.
__declspec(noreturn) void ReportAndQuit(HRESULT hr, LPCWSTR pszWhat);

[[noreturn]] static void OutOfMemory()
{
    FatalAppExitW(0, L"storeinfo: out of memory");
}

[[noreturn]] static void Corrupt(LPCWSTR pszWhat)
{
    fwprintf(stderr, L"storeinfo: corrupt data in %ls\n", pszWhat);
    std::terminate();
}

static void PrintStore(LPMAPISESSION lpSession, const SBinary& eid)
{
    HRESULT hr = S_OK;
    LPMDB lpMDB = NULL;
    LPSPropValue lpPro`s = NULL;
    LPS        m_cErrors++;
    }
    ULONG Errors() const { return m_cErrors; }
private:
    ULONG m_cErrors;
};

class CMigrator : public CToolBase
{
public:
    CMigrator() : m_lpAdminSession(NULL), m_lpUserSession(NULL) {}
    ~CMigrator() { Close(); }

    HRESULT Open(LPCWSTR pszSource, LPCWSTR pszTarget)
    {
        HRESULTzProfil// bodyexport.cpp - saves the body of the first message in the root folder of the default
// store to a compound file. It calls several methods that SHARE a name with the MAPI
// calls whose outputs must be freed, but allocate nothing:
//  * IStream::CopyTo(pstm, cb, &cbRead, &cbWritten) and IStorage::CopyTo(...) write by       (void)ulFlags;
        *ppszText = (hr == MAPI_E_NOT_FOUND) ? L"not found" : L"export failed";
        return S_OK;
    }
    HRESULT Last() const { return m_hrLast; }
private:
    HRESULT m_hrLast;
};

class CColumnSet
{
publULL;
    CColumnSet cols;
    ULONG ulType = 0;

    CHK_HR(MAPILog#include <objbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CExportLog
{
public:
    CExportLog() : m_hrLast(S_OK) {}
    void Record(HRESULT hr) { m_hrLast = hr; }
    // Text for the last recorded error; the string is static, the caller must not free it.
    HRESULT GetLastError(HRESULT hr, ULONG ulFlags, LPCWSTR* ppszText)
    {
        (void)ulFlags;
        *ppszText = (hr == MAPI_E_NOT_FOUND) ? L"not found" : L"export failed";
        return S_OK;
    }
    HRESULT Last() const { return m_hrLast; }
private:
    HRESULT m_hrLast;
};

class CColumnSet
{
publULL;
    CColumnSet ce, NULL,
   MogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession);
    if (FAILED(hr)) return hr;
    hr = DoWork(lpSession);
    Finish(lpSession);
    return hr;
}

// Logged on under `a && b`, released under `a`: the operands of && are correlated with later
// tests, so the path that log} on and then skips the releaspSession = NULL;
    LPMDB lpMDB = NULL;

    CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                       MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &lpSession));
    CHK_HR(OpenFirstStore(lpSession,ols;
    ULONG ulType = 0;

    CHK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_U &lpMDB));
    wprintf(L"first store opened\n");
Cleanup:
    CloseAll(lpSession, lpMDB);
    return hr;
}

// Logs on to the backup SE_DEFAULT | MAPI_NEW_SESSION, &lpSession));
    CHK_HR(lpSession->OpenMsgStore(profile on its own and logs that s0, 0, NULL, NULL, MessiDBon