// Connections handed to someone else: an out-parameter, a macro that returns it to the caller,
// a scope guard that unadvises before the table is released. None is reported.
HRESULT CProvider::Advise(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
    LPMAPIADVISESINK lpAdviseSink, ULONG* lpulConnection)
{
    object_ptr<IMsgStore> lpStore;
    HRESULT hr = OpenDefaultStore(&~lpStore);
    if (hr != hrSuccess) return hr;
    return lpStore->Advise(cbEntryID, lpEntryID, ulEventMask, lpAdviseSink, lpulConnection);
}

PHP_FUNCTION(store_advise)
{
    ULONG ulConnection = 0;
    LPMDB lpMsgStore = FetchStore();
    if (lpMsgStore->Advise(0, NULL, fnevNewMail, g_lpSink, &ulConnection) != hrSuccess)
        return;
    RETVAL_LONG(ulConnection);
}

HRESULT ProcessQueue(IECSpooler* lpSpooler, LPMAPIADVISESINK lpSink)
{
    object_ptr<IMAPITable> lpTable;
    ULONG ulConnection = 0;
    auto cleanup = make_scope_success([&]() {
        if (lpTable != nullptr && ulConnection != 0)
            lpTable->Unadvise(ulConnection);
    });
    HRESULT hr = lpSpooler->GetMasterOutgoingTable(0, &~lpTable);
    if (hr != hrSuccess) return hr;
    lpTable->Advise(fnevTableModified, lpSink, &ulConnection);
    return Pump(lpTable);
}

template<typename T> class object_ptr
{
public:
    ~object_ptr() { if (m_ptr) m_ptr->Release(); }
    T* m_ptr;
};

// The result kept in a macro-named global: the failure branch registered nothing.
PHP_FUNCTION(table_advise)
{
    ULONG ulConnection = 0;
    LPMAPITABLE lpTable = FetchTable();
    MAPI_G(hr) = lpTable->Advise(fnevTableModified, g_lpSink, &ulConnection);
    if (MAPI_G(hr) != hrSuccess)
        return;
    RETVAL_LONG(ulConnection);
}

// A list of connections moved into a member container on success.
HRESULT CAdvisor::AddKeys(const std::list<SyncState>& states)
{
    std::list<Connection> listConnections;
    HRESULT hr = m_lpNotifyClient->Advise(states, m_lpSink, &listConnections);
    if (hr == hrSuccess)
        m_mapConnections.insert(std::make_move_iterator(listConnections.begin()), std::make_move_iterator(listConnections.end()));
    return hr;
}
