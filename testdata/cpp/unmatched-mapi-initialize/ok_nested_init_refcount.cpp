// recvfolder.cpp - print the receive folder of the default store for a
// message class.  A small "probe" helper object initialises MAPI on its own
// (MAPIInitialize is reference counted), so the count goes to two and back.
#include <windows.h>
#include <objbase.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK(x) do { hr = (x); if (FAILED(hr)) { wprintf(L"%hs: 0x%08X\n", #x, hr); goto Cleanup; } } while (0)

// Checks that a MAPI subsystem is usable (a profile exists) before the real work.
class CProfileProbe
{
public:
    CProfileProbe() : m_fInit(false) {}
    ~CProfileProbe() { Close(); }

    HRESULT Open()
    {
        MAPIINIT_0 init = { MAPI_INIT_VERSION, MAPI_NO_COINIT };
        HRESULT hr = MAPIInitialize(&init);
        if (SUCCEEDED(hr))
            m_fInit = true;
        return hr;
    }

    void Close()
    {
        if (m_fInit)
        {
            MAPIUninitialize();
            m_fInit = false;
        }
    }

private:
    bool m_fInit;
};

static HRESULT PrintReceiveFolder(LPMDB lpMDB, LPCSTR pszClass)
{
    HRESULT hr = S_OK;
    ULONG cbEid = 0;
    LPENTRYID lpEid = NULL;
    LPSTR pszExplicit = NULL;
    LPMAPIFOLDER lpFolder = NULL;
    LPSPropValue lpName = NULL;
    ULONG ulType = 0;

    CHK(lpMDB->GetReceiveFolder((LPTSTR)pszClass, 0, &cbEid, &lpEid, (LPTSTR*)&pszExplicit));
    CHK(lpMDB->OpenEntry(cbEid, lpEid, NULL, 0, &ulType, (LPUNKNOWN*)&lpFolder));
    CHK(HrGetOneProp(lpFolder, PR_DISPLAY_NAME_A, &lpName));
    printf("%s -> %s (matched class %s)\n", pszClass, lpName->Value.lpszA,
           pszExplicit ? pszExplicit : "");

Cleanup:
    MAPIFreeBuffer(lpName);
    if (lpFolder)
        lpFolder->Release();
    MAPIFreeBuffer(pszExplicit);
    MAPIFreeBuffer(lpEid);
    return hr;
}

int main(int argc, char** argv)
{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    LPMDB lpMDB = NULL;
    LPSPropValue lpStoreEid = NULL;
    const char* pszClass = argc > 1 ? argv[1] : "IPM.Note";
    int rc = 1;

    // The application's own apartment wraps everything MAPI does.
    if (FAILED(CoInitializeEx(NULL, COINIT_APARTMENTTHREADED)))
        return 1;

    CProfileProbe probe;
    if (FAILED(probe.Open()))
    {
        CoUninitialize();
        return 1;
    }

    MAPIINIT_0 init = { MAPI_INIT_VERSION, MAPI_NO_COINIT };
    hr = MAPIInitialize(&init);
    if (FAILED(hr))
    {
        probe.Close();
        CoUninitialize();
        return 1;
    }
    probe.Close();   // our own reference keeps MAPI up from here on

    CHK(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession));
    CHK(HrOpenExchangePrivateStore(lpSession, &lpMDB));
    CHK(HrGetOneProp(lpMDB, PR_ENTRYID, &lpStoreEid));
    printf("store entry ID is %lu bytes\n", lpStoreEid->Value.bin.cb);
    CHK(PrintReceiveFolder(lpMDB, pszClass));
    rc = 0;

Cleanup:
    MAPIFreeBuffer(lpStoreEid);
    if (lpMDB)
        lpMDB->Release();
    if (lpSession)
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    MAPIUninitialize();
    CoUninitialize();
    return rc;
}
