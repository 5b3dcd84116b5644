// Registrations still active at Logoff, at the release of the advised object, at return.
HRESULT Watch(LPMAPISESSION lpSession, LPMDB lpMDB, LPMAPIADVISESINK lpSink)
{
    ULONG ulConn = 0;
    HRESULT hr = lpMDB->Advise(0, NULL, fnevNewMail, lpSink, &ulConn); //~ missing-unadvise
    if (FAILED(hr)) return hr;
    lpSession->Logoff(0, 0, 0);
    return S_OK;
}

void Table(LPMAPITABLE lpTable, LPMAPIADVISESINK lpSink)
{
    ULONG ulConn = 0;
    lpTable->Advise(fnevTableModified, lpSink, &ulConn); //~ missing-unadvise
    lpTable->Release();
}

HRESULT Early(LPMDB lpMDB, LPMAPIADVISESINK lpSink, bool fStop)
{
    ULONG ulConn = 0;
    if (FAILED(lpMDB->Advise(0, NULL, fnevNewMail, lpSink, &ulConn))) return E_FAIL; //~ missing-unadvise
    if (fStop) return S_FALSE;
    lpMDB->Unadvise(ulConn);
    return S_OK;
}

class CWatcher
{
    ULONG m_ulConn;
    LPMDB m_lpMDB;
public:
    void Start(LPMAPIADVISESINK lpSink) { m_lpMDB->Advise(0, NULL, fnevNewMail, lpSink, &m_ulConn); } //~ missing-unadvise
    ~CWatcher() { m_lpMDB->Release(); }
};

// A range-based for between Advise and the release is a loop that ends, not `for (;;)`.
void RangeForBetween(LPMDB lpMDB, LPMAPIADVISESINK lpSink, std::vector<int>& values)
{
    ULONG ulConn = 0;
    if (FAILED(lpMDB->Advise(0, NULL, fnevNewMail, lpSink, &ulConn))) return; //~ missing-unadvise
    for (int v : values) { Count(v); }
    lpMDB->Release();
}
