// ooftoggle2.cpp - toggles out-of-office; a variant whose store is opened inside the try block.
//
// Errors are thrown as MapiError from inside a try block; the catch prints them. The
// session is a raw pointer declared outside the try so that it survives the throw, and
// after the try/catch EndSession() (a free helper that logs off AND releases what it is
// given) ends it on every path where the logon had succeeded. The store lives in a
// CComPtr inside the try block, so it is released while the stack unwinds, before
// EndSession() logs off.
#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>
#include <edkmdb.h>

class MapiError
{
public:
    MapiError(HRESULT hr, const char* pszWhere) : m_hr(hr), m_pszWhere(pszWhere) {}
    HRESULT Code() const { return m_hr; }
    const char* Where() const { return m_pszWhere; }
private:
    HRESULT m_hr;
    const char* m_pszWhere;
};

#define THROW_ON_FAIL(x) do { HRESULT _hr = (x); if (FAILED(_hr)) throw MapiError(_hr, #x); } while (0)

// Takes over the caller's reference: logs the session off and releases it.
static void EndSession(LPMAPISESSION lpSession)
{
    HRESULT hr = lpSession->Logoff(0, 0, 0);
    if (FAILED(hr))
        fprintf(stderr, "Logoff: 0x%08lx\n", (unsigned long)hr);
    lpSession->Release();
}

static void OpenDefaultStore(IMAPISession* lpSession, IMsgStore** lppStore)
{
    CComPtr<IMAPITable> spTable;
    LPSRowSet lpRows = NULL;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };

    THROW_ON_FAIL(lpSession->GetMsgStoresTable(0, &spTable));
    THROW_ON_FAIL(HrQueryAllRows(spTable, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows));
    HRESULT hr = MAPI_E_NOT_FOUND;
    for (ULONG i = 0; i < lpRows->cRows; i++)
    {
        if (lpRows->aRow[i].lpProps[1].Value.b)
        {
            hr = lpSession->OpenMsgStore(0, lpRows->aRow[i].lpProps[0].Value.bin.cb,
                                         (LPENTRYID)lpRows->aRow[i].lpProps[0].Value.bin.lpb,
                                         NULL, MDB_WRITE | MDB_NO_DIALOG, lppStore);
            break;
        }
    }
    FreeProws(lpRows);
    THROW_ON_FAIL(hr);
}

int main(int argc, char** argv)
{
    if (argc != 2 || (strcmp(argv[1], "on") != 0 && strcmp(argv[1], "off") != 0))
    {
        fprintf(stderr, "usage: %s on|off\n", argv[0]);
        return 2;
    }
    BOOL fOn = strcmp(argv[1], "on") == 0;

    if (FAILED(MAPIInitialize(NULL)))
        return 1;

    int rc = 0;
    LPMAPISESSION lpSession = NULL;
    try
    {
        THROW_ON_FAIL(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION,
                                  &lpSession));

        CComPtr<IMsgStore> spStore;
        THROW_ON_FAIL(lpSession->OpenMsgStore(0, 0, NULL, NULL, MDB_WRITE, &spStore));

        SPropValue prop;
        prop.ulPropTag = PR_OOF_STATE;
        prop.Value.b = (unsigned short)fOn;
        THROW_ON_FAIL(HrSetOneProp(spStore, &prop));
        THROW_ON_FAIL(spStore->SaveChanges(KEEP_OPEN_READWRITE));
        printf("out of office is now %s\n", fOn ? "on" : "off");
    }
    catch (const MapiError& e)
    {
        fprintf(stderr, "%s failed: 0x%08lx\n", e.Where(), (unsigned long)e.Code());
        rc = 1;
    }

    if (lpSession)
    {
        EndSession(lpSession);
        lpSession = NULL;                // already released by EndSession
    }
    MAPIUninitialize();
    return rc;
}
