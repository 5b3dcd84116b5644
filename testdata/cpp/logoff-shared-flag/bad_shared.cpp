// Logging off a shared session with MAPI_LOGOFF_SHARED shuts down every client using it.
void Shutdown(LPMAPISESSION lpSession, HWND hwnd)
{
    lpSession->Logoff((ULONG_PTR)hwnd, MAPI_LOGOFF_UI | MAPI_LOGOFF_SHARED, 0); //~ logoff-shared-flag
    lpSession->Release();
}
