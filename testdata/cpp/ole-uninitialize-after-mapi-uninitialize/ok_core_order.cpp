// The prescribed order, and the COM apartment wrapping MAPI (CoUninitialize last is right).
int main()
{
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    OleInitialize(NULL);
    MAPIInitialize(NULL);
    OleUninitialize();
    MAPIUninitialize();
    CoUninitialize();
    return 0;
}
