// Guards declared in the wrong order: destroyed in reverse, MAPI's destructor runs first,
// then OLE's. Reported at the OleUninitialize inside the destructor.
class COleInit
{
public:
    COleInit() { OleInitialize(NULL); }
    ~COleInit() { OleUninitialize(); } //~ ole-uninitialize-after-mapi-uninitialize
};

struct CMapiInit
{
    CMapiInit() { MAPIInitialize(NULL); }
    ~CMapiInit() { MAPIUninitialize(); }
};

int main()
{
    COleInit ole;
    CMapiInit mapi;
    Run();
    return 0;
}
