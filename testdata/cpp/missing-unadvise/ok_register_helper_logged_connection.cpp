// A critical-error watcher of a sync tool. RegisterErrorSink() hands the Advise connection
// to its caller; main logs the connection number, does its work, unadvises through
// UnregisterErrorSink() and only then logs off.
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>
#include <stdio.h>

static void TraceConnection(LPCSTR pszWhat, ULONG_PTR ulConn)
{
    fprintf(stderr, "%s: connection %llu\n", pszWhat, (unsigned long long)ulConn);
}

static HRESULT RegisterErrorSink(LPMAPISESSION lpSession, LPMAPIADVISESINK lpSink, ULONG_PTR* lpulConn)
{
    *lpulConn = 0;
    HRESULT hr = lpSession->Advise(0, nullptr, fnevCriticalError, lpSink, lpulConn);
    if (FAILED(hr))
        fprintf(stderr, "Advise failed: 0x%08lx\n", hr);
    return hr;
}

static HRESULT UnregisterErrorSink(LPMAPISESSION lpSession, ULONG_PTR ulConn)
{
    return ulConn ? lpSession->Unadvise(ulConn) : S_OK;
}

static HRESULT SyncOnce(LPMAPISESSION lpSession)
{
    LPMAPITABLE lpTable = nullptr;
    HRESULT hr = lpSession->GetMsgStoresTable(0, &lpTable);
    if (SUCCEEDED(hr))
    {
        ULONG cRows = 0;
        hr = lpTable->GetRowCount(0, &cRows);
        lpTable->Release();
    }
    return hr;
}

int main()
{
    if (FAILED(MAPIInitialize(nullptr)))
        return 1;
    LPMAPISESSION lpSession = nullptr;
    HRESULT hr = MAPILogonEx(0, nullptr, nullptr, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession);
    if (FAILED(hr))
    {
        MAPIUninitialize();
        return 1;
    }
    LPMAPIADVISESINK lpSink = nullptr;
    ULONG_PTR ulConn = 0;
    if (SUCCEEDED(HrAllocAdviseSink(nullptr, nullptr, &lpSink)) &&
        SUCCEEDED(RegisterErrorSink(lpSession, lpSink, &ulConn)))
        TraceConnection("error sink", ulConn);

    hr = SyncOnce(lpSession);

    UnregisterErrorSink(lpSession, ulConn);
    lpSession->Logoff(0, 0, 0);
    if (lpSink)
        lpSink->Release();
    lpSession->Release();
    MAPIUninitialize();
    return SUCCEEDED(hr) ? 0 : 1;
}
