// abdump.cpp - dumps the display names of the global address list.
//
// The session and the address book are globals: Connect() sets them up, Disconnect()
// releases the address book, logs off and releases the session. main() pairs the two.
//
// BUG: when OpenAddressBook fails, Connect() releases g_lpSession and clears it without
// logging off first, so Disconnect() has nothing to log off.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define WARN_HR(x)                                                                  \
    do {                                                                            \
        HRESULT _hrw = (x);                                                         \
        if (FAILED(_hrw))                                                           \
            fprintf(stderr, "%s(%d): %s -> 0x%08lx\n", __FILE__, __LINE__, #x,      \
                    (unsigned long)_hrw);                                           \
    } while (0)

static LPMAPISESSION g_lpSession = NULL;
static LPADRBOOK     g_lpAdrBook = NULL;
static BOOL          g_fVerbose  = FALSE;

static HRESULT Connect(LPSTR pszProfile)
{
    ULONG ulFlags = MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL;
    if (!pszProfile)
        ulFlags |= MAPI_USE_DEFAULT;

    HRESULT hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, ulFlags, &g_lpSession); //~ missing-logoff
    if (FAILED(hr))
    {
        g_lpSession = NULL;
        return hr;
    }

    hr = g_lpSession->OpenAddressBook(0, NULL, AB_NO_DIALOG, &g_lpAdrBook);
    if (FAILED(hr))
    {
        fprintf(stderr, "OpenAddressBook: 0x%08lx\n", (unsigned long)hr);
        g_lpSession->Release();          // BUG: no Logoff on this path
        g_lpSession = NULL;
        return hr;
    }
    return S_OK;
}

static void Disconnect()
{
    if (g_lpAdrBook)
    {
        g_lpAdrBook->Release();
        g_lpAdrBook = NULL;
    }
    if (g_lpSession)
    {
        WARN_HR(g_lpSession->Logoff(0, 0, 0));
        g_lpSession->Release();
        g_lpSession = NULL;
    }
}

static HRESULT DumpGal()
{
    LPABCONT lpGal = NULL;
    LPMAPITABLE lpContents = NULL;
    LPSRowSet lpRows = NULL;
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;
    ULONG ulType = 0;
    static const SizedSPropTagArray(1, sptCols) = { 1, { PR_DISPLAY_NAME_A } };

    HRESULT hr = HrFindExchangeGlobalAddressList(g_lpAdrBook, &cbEID, &lpEID);
    if (FAILED(hr))
        return hr;
    hr = g_lpAdrBook->OpenEntry(cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpGal);
    MAPIFreeBuffer(lpEID);
    if (FAILED(hr))
        return hr;

    hr = lpGal->GetContentsTable(0, &lpContents);
    if (SUCCEEDED(hr))
    {
        hr = HrQueryAllRows(lpContents, (LPSPropTagArray)&sptCols, NULL, NULL, 0, &lpRows);
        if (SUCCEEDED(hr))
        {
            for (ULONG i = 0; i < lpRows->cRows; i++)
                printf("%s\n", lpRows->aRow[i].lpProps[0].Value.lpszA);
            if (g_fVerbose)
                printf("%lu entries\n", lpRows->cRows);
            FreeProws(lpRows);
        }
        lpContents->Release();
    }
    lpGal->Release();
    return hr;
}

int main(int argc, char** argv)
{
    LPSTR pszProfile = NULL;
    for (int i = 1; i < argc; i++)
    {
        if (strcmp(argv[i], "-v") == 0)
            g_fVerbose = TRUE;
        else
            pszProfile = argv[i];
    }

    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;

    hr = Connect(pszProfile);
    if (SUCCEEDED(hr))
        hr = DumpGal();
    Disconnect();                        // safe on both paths: checks the globals

    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
