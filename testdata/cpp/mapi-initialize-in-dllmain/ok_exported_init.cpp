// MAPI is started from an exported entry point, not from DllMain.
BOOL WINAPI DllMain(HINSTANCE hinst, DWORD dwReason, LPVOID lpReserved)
{
    if (dwReason == DLL_PROCESS_ATTACH) DisableThreadLibraryCalls(hinst);
    return TRUE;
}

extern "C" __declspec(dllexport) HRESULT Initialize()
{
    return MAPIInitialize(NULL);
}

extern "C" __declspec(dllexport) void Shutdown()
{
    MAPIUninitialize();
}
