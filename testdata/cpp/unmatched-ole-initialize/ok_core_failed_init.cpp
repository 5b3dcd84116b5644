// Every failed start acquires nothing; every successful one is ended on every path.
#define CHK(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

HRESULT A()
{
    HRESULT hr = OleInitialize(NULL);
    if (FAILED(hr)) return hr;
    DoWork();
    OleUninitialize();
    return S_OK;
}

void B()
{
    if (FAILED(OleInitialize(NULL))) return;
    OleUninitialize();
}

void C(bool fWant)
{
    BOOL fOle = SUCCEEDED(OleInitialize(NULL));
    DoWork();
    if (fOle) OleUninitialize();
}

HRESULT D()
{
    HRESULT hr = S_OK;
    BOOL fOle = FALSE;
    CHK(OleInitialize(NULL));
    fOle = TRUE;
    CHK(MAPIInitialize(NULL));
    DoWork();
Cleanup:
    if (fOle) OleUninitialize();
    if (SUCCEEDED(hr)) MAPIUninitialize();
    return hr;
}

void E(bool fUseOle)
{
    if (fUseOle) OleInitialize(NULL);
    DoWork();
    if (fUseOle) OleUninitialize();
}

HRESULT F()
{
    HRESULT hr;
    if (SUCCEEDED(hr = OleInitialize(NULL)))
    {
        DoWork();
        OleUninitialize();
    }
    return hr;
}

HRESULT G()
{
    HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    if (hr != S_OK && hr != S_FALSE) return hr;
    MAPIInitialize(NULL);
    MAPIUninitialize();
    CoUninitialize();
    return S_OK;
}

HRESULT H()
{
    HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    if (hr == RPC_E_CHANGED_MODE) return hr;
    DoWork();
    CoUninitialize();
    return S_OK;
}
