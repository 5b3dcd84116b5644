// A global object's destructor runs after main returns: here it uninitializes OLE after main
// already uninitialized MAPI. Reported at the global, where the object is destroyed.
class COleScope
{
public:
    COleScope() { OleInitialize(NULL); }
    ~COleScope() { OleUninitialize(); }
};

COleScope g_ole; //~ ole-uninitialize-after-mapi-uninitialize
