// MAPI loaded dynamically: the pointers mean the APIs they were looked up by.
typedef HRESULT (STDAPICALLTYPE *LPMAPIINITIALIZE)(LPVOID);
typedef void (STDAPICALLTYPE *LPMAPIUNINITIALIZE)();

LPMAPIINITIALIZE g_pfnMAPIInitialize = NULL;
LPMAPIUNINITIALIZE g_pfnMAPIUninitialize = NULL;

void LoadMapi(HMODULE hMapi)
{
    g_pfnMAPIInitialize = (LPMAPIINITIALIZE)GetProcAddress(hMapi, "MAPIInitialize");
    g_pfnMAPIUninitialize = (LPMAPIUNINITIALIZE)GetProcAddress(hMapi, "MAPIUninitialize");
}
