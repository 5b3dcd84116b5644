// InitMapi starts OLE and MAPI; it only starts, so it is judged where it is called.
HRESULT InitMapi()
{
    HRESULT hr = OleInitialize(NULL);
    if (FAILED(hr)) return hr;
    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
    {
        OleUninitialize();
        return hr;
    }
    return S_OK;
}
