// whoami.cpp - prints the display name and address of the profile's primary identity.
//
// A command-line tool in the "die on the first error" style: every failed step calls
// Fatal(), which prints and exits the process with whatever is held (the process is going
// away; nothing after exit() runs). The success path tears everything down in Shutdown()
// in the documented order, and main() prints the COPIED strings afterwards, so nothing
// touches MAPI after MAPIUninitialize.
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string>
#include <mapix.h>
#include <mapiutil.h>

static void Fatal(const char* pszWhat, HRESULT hr)
{
    fprintf(stderr, "whoami: %s failed: 0x%08lx\n", pszWhat, (unsigned long)hr);
    fflush(stderr);
    exit(1);
}

#define CHECK_OR_DIE(x) do { HRESULT _hr = (x); if (FAILED(_hr)) Fatal(#x, _hr); } while (0)

struct Identity
{
    std::wstring strName;
    std::wstring strAddress;
};

static LPMAPISESSION g_lpSession = NULL;
static LPADRBOOK     g_lpAdrBook = NULL;

static void Startup(bool fUI)
{
    CHECK_OR_DIE(MAPIInitialize(NULL));
    CHECK_OR_DIE(MAPILogonEx(0, NULL, NULL,
                             MAPI_EXTENDED | MAPI_UNICODE | MAPI_USE_DEFAULT | (fUI ? MAPI_LOGON_UI : 0),
                             &g_lpSession));
    CHECK_OR_DIE(g_lpSession->OpenAddressBook(0, NULL, AB_NO_DIALOG, &g_lpAdrBook));
}

static void Shutdown()
{
    g_lpAdrBook->Release();
    g_lpAdrBook = NULL;
    g_lpSession->Logoff(0, 0, 0);
    g_lpSession->Release();
    g_lpSession = NULL;
    MAPIUninitialize();
}

static void ReadIdentity(Identity& id)
{
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;
    ULONG ulType = 0;
    LPMAILUSER lpUser = NULL;
    LPSPropValue lpProps = NULL;
    ULONG cValues = 0;
    static const SizedSPropTagArray(2, sptCols) = { 2, { PR_DISPLAY_NAME_W, PR_EMAIL_ADDRESS_W } };

    CHECK_OR_DIE(g_lpSession->QueryIdentity(&cbEID, &lpEID));
    HRESULT hr = g_lpAdrBook->OpenEntry(cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpUser);
    MAPIFreeBuffer(lpEID);
    if (FAILED(hr))
        Fatal("OpenEntry(identity)", hr);

    hr = lpUser->GetProps((LPSPropTagArray)&sptCols, MAPI_UNICODE, &cValues, &lpProps);
    lpUser->Release();
    if (FAILED(hr))
        Fatal("GetProps", hr);

    // Copy out of the MAPI buffer: the strings are printed after MAPI is gone.
    if (PROP_TYPE(lpProps[0].ulPropTag) == PT_UNICODE)
        id.strName = lpProps[0].Value.lpszW;
    if (PROP_TYPE(lpProps[1].ulPropTag) == PT_UNICODE)
        id.strAddress = lpProps[1].Value.lpszW;
    MAPIFreeBuffer(lpProps);
}

static void usage(const wchar_t* prog)
{
    fwprintf(stderr, L"usage: %ls [-i]\n", prog);
    exit(2);
}

int wmain(int argc, wchar_t** argv)
{
    bool fUI = false;
    for (int i = 1; i < argc; i++)
    {
        if (wcscmp(argv[i], L"-i") == 0)
            fUI = true;
        else
            usage(argv[0]);
    }

    Identity id;
    Startup(fUI);
    ReadIdentity(id);
    Shutdown();

    if (id.strName.empty())
        Fatal("identity has no display name", MAPI_E_NOT_FOUND);
    wprintf(L"%ls <%ls>\n", id.strName.c_str(), id.strAddress.c_str());
    return 0;
}
