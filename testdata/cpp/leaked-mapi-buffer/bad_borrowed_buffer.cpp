// whoami: prints the identity of the default profile. The helpers only read the buffers
// they are given, so the caller still has to free them.
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

static bool IsUnicodeString(LPSPropValue lpProp)
{
    return lpProp && PROP_TYPE(lpProp->ulPropTag) == PT_UNICODE && lpProp->Value.lpszW;
}

static void PrintProp(const wchar_t* pszLabel, LPSPropValue lpProp)
{
    if (IsUnicodeString(lpProp))
        wprintf(L"%ls: %ls\n", pszLabel, lpProp->Value.lpszW);
    else
        wprintf(L"%ls: (none)\n", pszLabel);
}

static HRESULT PrintIdentity(LPMAPISESSION lpSession)
{
    HRESULT hr = S_OK;
    ULONG cbEID = 0;
    LPENTRYID lpEID = NULL;
    LPMAPIPROP lpIdentity = NULL;
    LPSPropValue lpAddress = NULL;
    LPSPropValue lpName = NULL;
    ULONG ulType = 0;

    hr = lpSession->QueryIdentity(&cbEID, &lpEID);
    if (FAILED(hr))
        return hr;
    hr = lpSession->OpenEntry(cbEID, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpIdentity);
    MAPIFreeBuffer(lpEID);
    if (FAILED(hr))
        return hr;

    hr = HrGetOneProp(lpIdentity, PR_EMAIL_ADDRESS_W, &lpAddress); //~ leaked-mapi-buffer
    if (SUCCEEDED(hr))
        PrintProp(L"address", lpAddress);      // BUG: only read, never freed

    hr = HrGetOneProp(lpIdentity, PR_DISPLAY_NAME_W, &lpName);
    if (SUCCEEDED(hr))
    {
        PrintProp(L"name", lpName);
        MAPIFreeBuffer(lpName);
    }
    lpIdentity->Release();
    return S_OK;
}

int wmain()
{
    LPMAPISESSION lpSession = NULL;
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_UNICODE, &lpSession);
    if (SUCCEEDED(hr))
    {
        hr = PrintIdentity(lpSession);
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
