// Freed on every path, freed in another method of the class, handed to the caller, or
// failed before anything was allocated.
HRESULT ReadSubtree(LPMDB lpMDB, ULONG* pcb)
{
    LPSPropValue lpProp = NULL;
    HRESULT hr = HrGetOneProp(lpMDB, PR_IPM_SUBTREE_ENTRYID, &lpProp);
    if (FAILED(hr)) goto Cleanup;
    *pcb = lpProp->Value.bin.cb;
Cleanup:
    MAPIFreeBuffer(lpProp);
    return hr;
}

HRESULT GetName(LPMAPIPROP lpObj, LPSPropValue* lppName)
{
    LPSPropValue lpName = NULL;
    HRESULT hr = HrGetOneProp(lpObj, PR_DISPLAY_NAME, &lpName);
    if (SUCCEEDED(hr)) *lppName = lpName;
    return hr;
}

class CClient
{
public:
    HRESULT Open() { return HrGetOneProp(m_lpMDB, PR_IPM_SUBTREE_ENTRYID, &m_lpSubtreeEID); }
    ~CClient() { MAPIFreeBuffer(m_lpSubtreeEID); }
    LPSPropValue m_lpSubtreeEID;
    LPMDB m_lpMDB;
};

void Rows(LPMAPITABLE lpTable)
{
    LPSRowSet lpRows = NULL;
    if (FAILED(lpTable->QueryRows(10, 0, &lpRows))) return;
    Show(lpRows);
}

void Rows2(LPMAPITABLE lpTable)
{
    LPSRowSet lpRows = NULL;
    if (FAILED(lpTable->QueryRows(10, 0, &lpRows))) return;
    Count(lpRows->cRows);
    FreeProws(lpRows);
}

// A server-side GetProps filling a struct (not IMAPIProp::GetProps): no MAPI buffer.
ECRESULT UserProps(struct soap* soap, unsigned int ulUserId)
{
    struct propTagArray sPropTagArray;
    struct propValArray sPropValArray;
    if (usrmgt->GetProps(soap, ulUserId, &sPropTagArray, &sPropValArray) != erSuccess)
        return KCERR_NOT_FOUND;
    return erSuccess;
}

// Freed under `SUCCEEDED(hr) && p`: when that is false, nothing was allocated.
HRESULT NamedProps(LPMAPIPROP lpProp, LPMAPINAMEID* lppNames)
{
    LPSPropTagArray lpTags = NULL;
    HRESULT hr = lpProp->GetIDsFromNames(1, lppNames, MAPI_CREATE, &lpTags);
    if (SUCCEEDED(hr) && lpTags)
    {
        Use(lpTags->aulPropTag[0]);
        MAPIFreeBuffer(lpTags);
    }
    return hr;
}
