// Registrations ended on every path, kept in members and ended elsewhere in the class, or handed out.
class CNotifier
{
    ULONG m_ulConn;
    LPMDB m_lpMDB;
public:
    CNotifier(LPMDB lpMDB, LPMAPIADVISESINK lpSink) : m_lpMDB(lpMDB)
    {
        m_lpMDB->Advise(0, NULL, fnevNewMail, lpSink, &m_ulConn);
    }
    ~CNotifier()
    {
        if (m_ulConn) m_lpMDB->Unadvise(m_ulConn);
        m_lpMDB->Release();
    }
};

HRESULT Once(LPMDB lpMDB, LPMAPIADVISESINK lpSink)
{
    ULONG ulConn = 0;
    HRESULT hr = lpMDB->Advise(0, NULL, fnevNewMail, lpSink, &ulConn);
    if (FAILED(hr)) goto Cleanup;
    Pump();
    lpMDB->Unadvise(ulConn);
Cleanup:
    lpMDB->Release();
    return hr;
}

HRESULT Register(LPMDB lpMDB, LPMAPIADVISESINK lpSink, ULONG* pulConn)
{
    ULONG ulConn = 0;
    HRESULT hr = lpMDB->Advise(0, NULL, fnevNewMail, lpSink, &ulConn);
    if (SUCCEEDED(hr)) *pulConn = ulConn;
    return hr;
}
