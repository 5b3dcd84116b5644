// The failure branch uninitializes COM, then the common exit uninitializes it again.
int _tmain(int argc, LPTSTR* argv)
{
    HRESULT hr;
    if ((hr = ::CoInitializeEx(NULL, COINIT_MULTITHREADED)) != S_OK && hr != S_FALSE)
        return hr;
    if (StartServer() != S_OK)
    {
        Log(_T("could not start"));
        CoUninitialize();
    }
    else
    {
        WaitForParent();
    }
    StopServer();
    CoUninitialize(); //~ unmatched-ole-uninitialize
    return hr;
}
