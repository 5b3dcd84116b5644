// RAII guards: the constructor initializes, the destructor uninitializes at scope exit.
// MAPI's guard is declared first, so it is destroyed last: OleUninitialize runs first.
class COleInit
{
public:
    COleInit() : m_hr(OleInitialize(NULL)) {}
    ~COleInit() { if (SUCCEEDED(m_hr)) OleUninitialize(); }
    HRESULT m_hr;
};

struct CMapiInit
{
    CMapiInit() { MAPIInitialize(NULL); }
    ~CMapiInit() { MAPIUninitialize(); }
};

int main(int argc, char** argv)
{
    CMapiInit mapi;
    COleInit ole;
    if (argc < 2) return 1;
    Run();
    return 0;
}
