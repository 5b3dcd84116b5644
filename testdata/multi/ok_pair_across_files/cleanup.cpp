void CleanupOle() { OleUninitialize(); }
void CleanupMapi() { MAPIUninitialize(); }
