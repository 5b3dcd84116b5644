int main()
{
    LoadMapi(LoadLibraryW(L"olmapi32.dll"));
    OleInitialize(NULL);
    g_pfnMAPIInitialize(NULL);
    RunClient();
    g_pfnMAPIUninitialize();
    OleUninitialize(); //~ ole-uninitialize-after-mapi-uninitialize
    return 0;
}
