// The failure branch uninitializes what never initialized; mixing kinds is unmatched too.
void Start()
{
    HRESULT hr = OleInitialize(NULL);
    if (FAILED(hr))
    {
        OleUninitialize(); //~ unmatched-ole-uninitialize
        return;
    }
    OleUninitialize();
}

int main()
{
    OleInitialize(NULL); //~ unmatched-ole-initialize
    CoUninitialize(); //~ unmatched-ole-uninitialize
    return 0;
}
