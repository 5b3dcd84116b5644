// A store kept in a member, opened in one method and released after Logoff in another.
class CMailClient
{
public:
    HRESULT Open(ULONG cb, LPENTRYID lpEID);
    void Close();
private:
    LPMAPISESSION m_lpSession;
    LPMDB m_lpMDB;
};

HRESULT CMailClient::Open(ULONG cb, LPENTRYID lpEID)
{
    return m_lpSession->OpenMsgStore(0, cb, lpEID, NULL, MDB_WRITE, &m_lpMDB); //~ open-object-at-logoff
}

void CMailClient::Close()
{
    if (m_lpSession) {
        m_lpSession->Logoff(0, 0, 0);
    }
    if (m_lpMDB) {
        m_lpMDB->Release();
        m_lpMDB = NULL;
    }
    if (m_lpSession) {
        m_lpSession->Release();
        m_lpSession = NULL;
    }
}
