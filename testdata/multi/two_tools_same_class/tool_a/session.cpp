// Tool A: its CSession pairs OLE in Open/Close.
class CSession
{
public:
    HRESULT Open();
    void Close();
};

HRESULT CSession::Open()
{
    return OleInitialize(NULL);
}

void CSession::Close()
{
    OleUninitialize();
}

int main()
{
    CSession s;
    if (FAILED(s.Open())) return 1;
    s.Close();
    return 0;
}
