// The helper starts OLE; main returns early before the helper that ends it.
void StartOle() { OleInitialize(NULL); } //~ unmatched-ole-initialize
void StopOle() { OleUninitialize(); }
