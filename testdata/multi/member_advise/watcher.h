// Connections kept in members: Start/Stop pair in CWatcher; CLeaky never unadvises.
class CWatcher
{
public:
    HRESULT Start(LPMDB lpMDB, LPMAPIADVISESINK lpSink);
    void Stop();
    ~CWatcher();
private:
    LPMDB m_lpMDB;
    ULONG_PTR m_ulConnection;
};

class CLeaky
{
public:
    HRESULT Watch(LPMAPITABLE lpTable, LPMAPIADVISESINK lpSink);
    ~CLeaky();
private:
    LPMAPITABLE m_lpTable;
    ULONG_PTR m_ulConnection;
};
