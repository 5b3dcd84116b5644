// Paired on every path, with check macros, flags, helpers and a caching class.
#define CHK(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

HRESULT A()
{
    HRESULT hr = S_OK;
    BOOL fMapi = FALSE;
    CHK(MAPIInitialize(NULL));
    fMapi = TRUE;
    CHK(Work());
Cleanup:
    if (fMapi) MAPIUninitialize();
    return hr;
}

HRESULT B()
{
    MAPIINIT_0 init = { MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS };
    HRESULT hr = MAPIInitialize(&init);
    if (SUCCEEDED(hr))
    {
        Work();
        MAPIUninitialize();
    }
    return hr;
}

class CCache
{
public:
    void Init() { if (!m_fInit) { ::MAPIInitialize(NULL); m_fInit = true; } }
    void Term() { if (m_fInit) { ::MAPIUninitialize(); m_fInit = false; } }
    bool m_fInit;
};

int main()
{
    CCache cache;
    cache.Init();
    Work();
    cache.Term();
    return 0;
}
