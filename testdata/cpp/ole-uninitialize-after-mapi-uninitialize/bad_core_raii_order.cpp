// Guards declared in the wrong order: destroyed in reverse, MAPI's destructor runs first,
// then OLE's. Destructor calls are located where the value is destroyed: the closing brace.
class COleInit
{
public:
    COleInit() { OleInitialize(NULL); }
    ~COleInit() { OleUninitialize(); }
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
} //~ ole-uninitialize-after-mapi-uninitialize

// Inner scope: the OLE guard dies at the inner closing brace, after MAPI was uninitialized.
void Inner()
{
    CMapiInit* p = new CMapiInit();
    {
        COleInit ole;
        MAPIUninitialize();
    } //~ ole-uninitialize-after-mapi-uninitialize
}
