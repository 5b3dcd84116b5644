// Correct: every object is released (or never opened) before Logoff.
HRESULT Correct(LPMAPISESSION lpSession, ULONG cb, LPENTRYID lpEID)
{
    HRESULT hr = S_OK;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpFolder = NULL;
    ULONG ulType = 0;
    hr = lpSession->OpenMsgStore(0, cb, lpEID, NULL, MDB_WRITE, &lpMDB);
    if (FAILED(hr)) goto Cleanup;
    hr = lpMDB->OpenEntry(cb, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpFolder);
    if (FAILED(hr)) goto Cleanup;
Cleanup:
    if (lpFolder) lpFolder->Release();
    if (lpMDB) lpMDB->Release();
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    return hr;
}

// A failed open holds nothing.
HRESULT FailedOpen(LPMAPISESSION lpSession)
{
    LPADRBOOK lpAB = NULL;
    HRESULT hr = lpSession->OpenAddressBook(0, NULL, AB_NO_DIALOG, &lpAB);
    if (FAILED(hr)) {
        lpSession->Logoff(0, 0, 0);
        return hr;
    }
    lpAB->Release();
    lpSession->Logoff(0, 0, 0);
    return S_OK;
}

// The object is handed to its owner, which releases it: not this function's to release.
HRESULT HandedOff(LPMAPISESSION lpSession, CStoreCache* pCache)
{
    LPMDB lpMDB = NULL;
    HRESULT hr = lpSession->OpenMsgStore(0, 0, NULL, NULL, 0, &lpMDB);
    if (FAILED(hr)) return hr;
    pCache->Adopt(lpMDB);
    return S_OK;
}

// Smart pointers whose scope ends before Logoff.
void ScopedSmartPointer(IMAPISession* pSession)
{
    {
        CComPtr<IMAPITable> spTable;
        if (SUCCEEDED(pSession->GetMsgStoresTable(0, &spTable))) {
            Dump(spTable);
        }
    }
    pSession->Logoff(0, 0, 0);
}

void ResetSmartPointer(IMAPISession* pSession)
{
    CComPtr<IMAPIStatus> spStatus;
    pSession->GetStatusTable(0, &spStatus);
    spStatus.Release();
    pSession->Logoff(0, 0, 0);
}

// A member store released in the cleanup method before Logoff.
class CGoodClient
{
    HRESULT Open();
    void Close();
    LPMAPISESSION m_lpSession;
    LPMDB m_lpMDB;
};

HRESULT CGoodClient::Open()
{
    return m_lpSession->OpenMsgStore(0, 0, NULL, NULL, 0, &m_lpMDB);
}

void CGoodClient::Close()
{
    if (m_lpMDB) m_lpMDB->Release();
    m_lpMDB = NULL;
    m_lpSession->Logoff(0, 0, 0);
    m_lpSession->Release();
}

// Released through a macro or a release helper before Logoff.
#define SAFE_RELEASE(p) if (p) { (p)->Release(); (p) = NULL; }
void ReleaseMacro(LPMAPISESSION lpSession, ULONG cb, LPENTRYID lpEID)
{
    LPMDB lpMDB = NULL;
    if (FAILED(lpSession->OpenMsgStore(0, cb, lpEID, NULL, 0, &lpMDB))) return;
    SAFE_RELEASE(lpMDB);
    lpSession->Logoff(0, 0, 0);
}

void ReleaseHelper(LPMAPISESSION lpSession, ULONG cb, LPENTRYID lpEID)
{
    LPMDB lpMDB = NULL;
    if (FAILED(lpSession->OpenMsgStore(0, cb, lpEID, NULL, 0, &lpMDB))) return;
    SafeRelease(lpMDB);
    lpSession->Logoff(0, 0, 0);
}

// A method of the class releases the member store before Logoff.
class CHelperClient
{
    HRESULT Open();
    void CloseStore();
    void Shutdown();
    LPMAPISESSION m_lpSession;
    LPMDB m_lpMDB;
};

HRESULT CHelperClient::Open()
{
    HRESULT hr = m_lpSession->OpenMsgStore(0, 0, NULL, NULL, 0, &m_lpMDB);
    if (FAILED(hr)) return hr;
    hr = Check(m_lpMDB);
    if (FAILED(hr)) {
        CloseStore();
        m_lpSession->Logoff(0, 0, 0);
    }
    return hr;
}

void CHelperClient::CloseStore()
{
    if (m_lpMDB) m_lpMDB->Release();
    m_lpMDB = NULL;
}

void CHelperClient::Shutdown()
{
    CloseStore();
    m_lpSession->Logoff(0, 0, 0);
    if (m_lpMDB) m_lpMDB->Release();
}
