// storestat.cpp - prints how many message stores and address book containers a
// profile has.
//
// Two release paths skip Logoff:
//  * PrintStoreSummary: RETURN_ON_FAIL returns while the CComPtr<IMAPISession> still owns
//    the session; the smart pointer releases it at the closing brace without Logoff.
//  * CheckAddressBook: the failure branch releases the raw session and throws, without
//    logging off first.
#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>
#include <stdexcept>

#define RETURN_ON_FAIL(x)                                                    \
    do {                                                                     \
        hr = (x);                                                            \
        if (FAILED(hr)) {                                                    \
            wprintf(L"%hs failed: 0x%08lx\n", #x, (unsigned long)hr);        \
            return hr;                                                       \
        }                                                                    \
    } while (0)

class MapiError : public std::runtime_error
{
public:
    explicit MapiError(HRESULT hrErr) : std::runtime_error("MAPI call failed"), m_hr(hrErr) {}
    HRESULT Code() const { return m_hr; }
private:
    HRESULT m_hr;
};

// Counts the rows of the session's message store table. The table is released by the
// CComPtr when the helper returns, long before the caller logs off.
static HRESULT CountStores(IMAPISession* lpSession, ULONG* pcStores)
{
    HRESULT hr = S_OK;
    CComPtr<IMAPITable> spTable;

    RETURN_ON_FAIL(lpSession->GetMsgStoresTable(0, &spTable));
    RETURN_ON_FAIL(spTable->GetRowCount(0, pcStores));
    return S_OK;
}

static HRESULT PrintStoreSummary(ULONG ulLogonFlags)
{
    HRESULT hr = S_OK;
    CComPtr<IMAPISession> spSession;
    ULONG cStores = 0;

    // A failed logon returns from the macro with nothing held.
    RETURN_ON_FAIL(MAPILogonEx(0, NULL, NULL, ulLogonFlags, &spSession)); //~ missing-logoff

    // BUG: if the count fails the macro returns and spSession is released at scope end
    // without Logoff.
    RETURN_ON_FAIL(CountStores(spSession, &cStores));
    wprintf(L"%lu message store(s) in the profile\n", cStores);

    spSession->Logoff(0, 0, 0);
    return S_OK;
}

static void CheckAddressBook(LPTSTR pszProfile)
{
    LPMAPISESSION lpSession = NULL;
    LPADRBOOK lpAdrBook = NULL;
    LPMAPICONTAINER lpRoot = NULL;
    ULONG ulObjType = 0;

    HRESULT hr = MAPILogonEx(0, pszProfile, NULL, //~ missing-logoff
                             MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &lpSession);
    if (FAILED(hr))
        throw MapiError(hr);            // nothing to clean up yet

    hr = lpSession->OpenAddressBook(0, NULL, AB_NO_DIALOG, &lpAdrBook);
    if (FAILED(hr)) {
        // BUG: released without Logoff on the exception path.
        lpSession->Release();
        throw MapiError(hr);
    }

    hr = lpAdrBook->OpenEntry(0, NULL, NULL, 0, &ulObjType, (LPUNKNOWN*)&lpRoot);
    if (SUCCEEDED(hr)) {
        wprintf(L"address book root opened (type %lu)\n", ulObjType);
        lpRoot->Release();
    }

    lpAdrBook->Release();
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
}

static void usage(const wchar_t* prog)
{
    wprintf(L"usage: %ls [-i] [profile]\n", prog);
    wprintf(L"  -i   allow the logon dialog\n");
}

int wmain(int argc, wchar_t** argv)
{
    ULONG ulFlags = MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION;
    LPTSTR pszProfile = NULL;

    for (int i = 1; i < argc; i++) {
        if (wcscmp(argv[i], L"-i") == 0)
            ulFlags |= MAPI_LOGON_UI;
        else if (argv[i][0] == L'-') {
            usage(argv[0]);
            return 2;
        } else
            pszProfile = (LPTSTR)argv[i];
    }

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr)) {
        wprintf(L"MAPIInitialize failed: 0x%08lx\n", (unsigned long)hr);
        return 1;
    }

    int rc = 0;
    try {
        if (FAILED(PrintStoreSummary(ulFlags)))
            rc = 1;
        CheckAddressBook(pszProfile);
    } catch (const MapiError& e) {
        wprintf(L"error 0x%08lx\n", (unsigned long)e.Code());
        rc = 1;
    }

    MAPIUninitialize();
    return rc;
}
