// MAPI left initialized on an early return; a surplus MAPIUninitialize on the failure path.
HRESULT Run(bool fQuick)
{
    HRESULT hr = MAPIInitialize(NULL); //~ unmatched-mapi-initialize
    if (FAILED(hr))
    {
        MAPIUninitialize(); //~ unmatched-mapi-initialize
        return hr;
    }
    if (fQuick) return S_FALSE;
    Work();
    MAPIUninitialize();
    return S_OK;
}

int main()
{
    MAPIInitialize(NULL);
    Work();
    MAPIUninitialize();
    MAPIUninitialize(); //~ unmatched-mapi-initialize
    return 0;
}
