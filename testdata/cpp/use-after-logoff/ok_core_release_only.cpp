// Only Release after Logoff; reassigned handles; IABLogon::Logoff(flags) is not a session logoff.
void Shutdown(LPMAPISESSION lpSession)
{
    LPMDB lpMDB = NULL;
    lpSession->OpenMsgStore(0, cb, lpEID, NULL, MDB_WRITE, &lpMDB);
    lpMDB->StoreLogoff(&ulFlags);
    lpMDB->Release();
    lpSession->Logoff(0, 0, 0);
    lpSession->Release();
    lpSession = NULL;
    if (FAILED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession))) return;
    lpSession->OpenAddressBook(0, NULL, 0, &lpAB);
}

void Provider(LPABLOGON lpABLogon)
{
    lpABLogon->Logoff(0);
    lpABLogon->OpenEntry(0, NULL, NULL, 0, &ulType, &lpUnk);
}
