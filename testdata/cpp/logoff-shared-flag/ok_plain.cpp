// A plain logoff; IABLogon::Logoff(ulFlags) is another interface.
void Shutdown(LPMAPISESSION lpSession, LPABLOGON lpABLogon)
{
    lpSession->Logoff(0, MAPI_LOGOFF_UI, 0);
    lpSession->Release();
    lpABLogon->Logoff(MAPI_LOGOFF_SHARED);
}
