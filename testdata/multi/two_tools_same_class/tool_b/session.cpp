// Tool B, another program in the same repository: its own CSession forgets OleUninitialize.
// Calls resolve to the class of the caller's own file or directory, not to tool A's.
class CSession
{
public:
    HRESULT Open();
    void Close();
};

HRESULT CSession::Open()
{
    return OleInitialize(NULL); //~ unmatched-ole-initialize
}

void CSession::Close()
{
}

int main()
{
    CSession s;
    if (FAILED(s.Open())) return 1;
    s.Close();
    return 0;
}
