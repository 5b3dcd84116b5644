// Buffers not freed on some path, and a cached entry ID not freed before Logoff.
HRESULT ReadSubtree(LPMDB lpMDB, ULONG* pcb)
{
    LPSPropValue lpProp = NULL;
    HRESULT hr = HrGetOneProp(lpMDB, PR_IPM_SUBTREE_ENTRYID, &lpProp); //~ leaked-mapi-buffer
    if (FAILED(hr)) return hr;
    if (lpProp->Value.bin.cb == 0) return MAPI_E_NOT_FOUND;
    *pcb = lpProp->Value.bin.cb;
    MAPIFreeBuffer(lpProp);
    return S_OK;
}

class CClient
{
public:
    HRESULT Open()
    {
        return HrGetOneProp(m_lpMDB, PR_IPM_SUBTREE_ENTRYID, &m_lpSubtreeEID); //~ leaked-mapi-buffer
    }
    void Shutdown()
    {
        m_lpMDB->Release();
        m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
    }
    LPSPropValue m_lpSubtreeEID;
    LPMDB m_lpMDB;
    LPMAPISESSION m_lpSession;
};

void Rows(LPMAPITABLE lpTable)
{
    LPSRowSet lpRows = NULL;
    if (FAILED(lpTable->QueryRows(10, 0, &lpRows))) return; //~ leaked-mapi-buffer
    Show(lpRows->cRows);
}
