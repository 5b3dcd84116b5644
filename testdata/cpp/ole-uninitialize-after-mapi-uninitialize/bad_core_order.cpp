// OLE torn down after MAPI, once directly and once on the error path only.
int main()
{
    OleInitialize(NULL);
    MAPIInitialize(NULL);
    MAPIUninitialize();
    OleUninitialize(); //~ ole-uninitialize-after-mapi-uninitialize
    return 0;
}

HRESULT Shutdown(bool fFailed)
{
    OleInitialize(NULL);
    MAPIInitialize(NULL);
    if (fFailed)
    {
        MAPIUninitialize();
        goto Cleanup;
    }
    OleUninitialize();
    MAPIUninitialize();
    return S_OK;
Cleanup:
    OleUninitialize(); //~ ole-uninitialize-after-mapi-uninitialize
    return E_FAIL;
}
