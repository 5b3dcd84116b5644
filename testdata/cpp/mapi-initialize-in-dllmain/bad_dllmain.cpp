// MAPIInitialize reached from DllMain through a helper; MAPIUninitialize directly.
static HRESULT StartMapi() { return MAPIInitialize(NULL); } //~ mapi-initialize-in-dllmain

BOOL WINAPI DllMain(HINSTANCE hinst, DWORD dwReason, LPVOID lpReserved)
{
    switch (dwReason)
    {
    case DLL_PROCESS_ATTACH:
        StartMapi();
        break;
    case DLL_PROCESS_DETACH:
        MAPIUninitialize(); //~ mapi-initialize-in-dllmain
        break;
    }
    return TRUE;
}
