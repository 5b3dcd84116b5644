// syncpair.cpp - a one-way sync between two profiles: CExporter reads the source profile,
// CImporter writes to the target profile.
//
// Bugs:
//  * CExporter::Stop() logs its session off and SafeRelease()s the store, but the session
//    itself is never released by any method of CExporter (the Release in CImporter::Stop
//    is on CImporter's own field of the same name);
//  * everything else is paired.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define SafeRelease(p) do { if ((p) != NULL) { (p)->Release(); (p) = NULL; } } while (0)
#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CExporter
{
public:
    CExporter() : m_lpSession(NULL), m_lpMDB(NULL) {}
    ~CExporter() { Stop(); }
    HRESULT Start(LPCWSTR pszProfile)
    {
        HRESULT hr = S_OK;
        CHK_HR(MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession));
        CHK_HR(m_lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_NO_DIALOG, &m_lpMDB));
    Cleanup:
        return hr;
    }
    void Stop()
    {
        SafeRelease(m_lpMDB);
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0); //~ session-not-released
            m_lpSession = NULL;     // BUG: no Release
        }
    }
private:
    LPMAPISESSION m_lpSession;
    LPMDB m_lpMDB;
};

class CImporter
{
public:
    CImporter() : m_lpSession(NULL) {}
    ~CImporter() { Stop(); }
    HRESULT Start(LPCWSTR pszProfile)
    {
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL,
                           MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION, &m_lpSession);
    }
    HRESULT CountStores(ULONG* pcStores)
    {
        HRESULT hr = S_OK;
        LPMAPITABLE lpTable = NULL;
        CHK_HR(m_lpSession->GetMsgStoresTable(0, &lpTable));
        CHK_HR(lpTable->GetRowCount(0, pcStores));
    Cleanup:
        SafeRelease(lpTable);
        return hr;
    }
    void Stop()
    {
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            SafeRelease(m_lpSession);
        }
    }
private:
    LPMAPISESSION m_lpSession;
};

int wmain(int argc, wchar_t** argv)
{
    if (argc != 3)
    {
        wprintf(L"usage: %ls source-profile target-profile\n", argv[0]);
        return 2;
    }
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    int rc = 0;
    {
        CExporter exporter;
        CImporter importer;
        ULONG cStores = 0;
        if (FAILED(exporter.Start(argv[1])) || FAILED(importer.Start(argv[2])))
            rc = 1;
        else if (SUCCEEDED(importer.CountStores(&cStores)))
            wprintf(L"target has %lu stores\n", cStores);
    }
    MAPIUninitialize();
    return rc;
}
