// CleanupOle is called after CleanupMapi: reported at the OleUninitialize in the helper.
void CleanupOle() { OleUninitialize(); } //~ ole-uninitialize-after-mapi-uninitialize
void CleanupMapi() { MAPIUninitialize(); }
