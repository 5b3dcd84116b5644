// A class's own helper named Advise (not IMAPIProp::Advise) is analysed through its body.
class CTreeCtrl
{
public:
    void Refresh(HTREEITEM hItem, CNodeData* lpData)
    {
        Advise(hItem, lpData);
        this->Advise(hItem, lpData);
    }
    void Advise(HTREEITEM hItem, CNodeData* lpData)
    {
        lpData->m_lpTable->Advise(fnevTableModified, m_lpSink, &lpData->m_ulConnection);
    }
    ~CTreeCtrl()
    {
        for (auto* d : m_nodes) d->m_lpTable->Unadvise(d->m_ulConnection);
    }
};
