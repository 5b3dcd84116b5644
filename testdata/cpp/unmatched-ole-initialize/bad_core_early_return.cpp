// OLE initialized, then an early return on MAPIInitialize failure skips OleUninitialize.
HRESULT Run()
{
    HRESULT hr = OleInitialize(NULL); //~ unmatched-ole-initialize
    if (FAILED(hr)) return hr;
    hr = MAPIInitialize(NULL);
    if (FAILED(hr)) return hr;
    OleUninitialize();
    MAPIUninitialize();
    return S_OK;
}
