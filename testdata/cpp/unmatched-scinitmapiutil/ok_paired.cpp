// Initialized and deinitialized on every path; DeinitMapiUtil after MAPIUninitialize is the
// prescribed order.
void Export()
{
    if (ScInitMapiUtil(0) != S_OK)
        return;
    Work();
    DeinitMapiUtil();
}

int main()
{
    MAPIInitialize(NULL);
    SCODE sc = ScInitMapiUtil(0);
    Work();
    MAPIUninitialize();
    if (sc == S_OK) DeinitMapiUtil();
    return 0;
}
