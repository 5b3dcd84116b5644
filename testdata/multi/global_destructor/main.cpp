int main()
{
    MAPIInitialize(NULL);
    RunClient();
    MAPIUninitialize();
    return 0;
}
