// kopano-style memory_ptr frees its buffer at scope end; release() hands it to the caller.
HRESULT AllocNames(ULONG n, MAPINAMEID*** lpppNames)
{
    memory_ptr<MAPINAMEID*> lppNames;
    HRESULT hr = MAPIAllocateBuffer(n * sizeof(MAPINAMEID*), &~lppNames);
    if (hr != hrSuccess)
        return hr;
    hr = Fill(lppNames, n);
    if (hr != hrSuccess)
        return hr;                      // freed by memory_ptr
    *lpppNames = lppNames.release();
    return hrSuccess;
}
