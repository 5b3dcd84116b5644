// Objects opened from the session (directly or through other objects) still open at Logoff.
HRESULT ReleasedAfterLogoff(LPMAPISESSION lpSession, ULONG cb, LPENTRYID lpEID)
{
    HRESULT hr = S_OK;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpFolder = NULL;
    LPMAPITABLE lpTable = NULL;
    ULONG ulType = 0;
    hr = lpSession->OpenMsgStore(0, cb, lpEID, NULL, MDB_WRITE, &lpMDB); //~ open-object-at-logoff
    if (FAILED(hr)) goto Cleanup;
    hr = lpMDB->OpenEntry(cb, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpFolder); //~ open-object-at-logoff
    if (FAILED(hr)) goto Cleanup;
    hr = lpFolder->GetContentsTable(0, &lpTable);
    if (FAILED(hr)) goto Cleanup;
    lpTable->Release();
    lpTable = NULL;
Cleanup:
    lpSession->Logoff(0, 0, 0);
    if (lpFolder) lpFolder->Release();
    if (lpMDB) lpMDB->Release();
    return hr;
}

// Only on the error path: the success path releases first.
HRESULT ErrorPathOnly(LPMAPISESSION lpSession)
{
    LPADRBOOK lpAB = NULL;
    HRESULT hr = lpSession->OpenAddressBook(0, NULL, AB_NO_DIALOG, &lpAB); //~ open-object-at-logoff
    if (FAILED(hr)) return hr;
    hr = lpAB->ResolveName(0, 0, NULL, lpAdrList);
    if (FAILED(hr)) {
        lpSession->Logoff(0, 0, 0);
        lpAB->Release();
        return hr;
    }
    lpAB->Release();
    lpSession->Logoff(0, 0, 0);
    return S_OK;
}

// A smart pointer whose scope ends after Logoff releases its store too late.
void SmartPointerStore(IMAPISession* pSession, ULONG cb, LPENTRYID lpEID)
{
    CComPtr<IMsgStore> spStore;
    if (SUCCEEDED(pSession->OpenMsgStore(0, cb, lpEID, NULL, 0, &spStore))) { //~ open-object-at-logoff
        Use(spStore);
    }
    pSession->Logoff(0, 0, 0);
}

// QueryInterface results are objects of the session too.
void QueryInterfaceResult(LPMAPISESSION lpSession, LPMDB lpMDB)
{
    IExchangeManageStore* lpEMS = NULL;
    if (FAILED(lpMDB->QueryInterface(IID_IExchangeManageStore, (void**)&lpEMS))) //~ open-object-at-logoff
        return;
    lpSession->Logoff(0, 0, 0);
    lpEMS->Release();
}

// A release macro after Logoff is still too late.
#define SAFE_RELEASE(p) if (p) { (p)->Release(); (p) = NULL; }
void MacroAfterLogoff(LPMAPISESSION lpSession, ULONG cb, LPENTRYID lpEID)
{
    LPMDB lpMDB = NULL;
    if (FAILED(lpSession->OpenMsgStore(0, cb, lpEID, NULL, 0, &lpMDB))) return; //~ open-object-at-logoff
    lpSession->Logoff(0, 0, 0);
    SAFE_RELEASE(lpMDB);
}
