// Calls on the session and on objects opened from it after Logoff.
void Shutdown(LPMAPISESSION lpSession)
{
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpFolder = NULL;
    lpSession->OpenMsgStore(0, cb, lpEID, NULL, MDB_WRITE, &lpMDB); //~ open-object-at-logoff
    lpMDB->OpenEntry(cb, lpEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpFolder); //~ open-object-at-logoff
    lpSession->Logoff(0, 0, 0);
    lpSession->GetLastError(hr, 0, &lpErr); //~ use-after-logoff leaked-mapi-buffer
    lpFolder->GetContentsTable(0, &lpTable); //~ use-after-logoff
    lpMDB->Release();
    lpSession->Release();
}

void C_style(LPMAPISESSION lpSession)
{
    lpSession->lpVtbl->Logoff(lpSession, 0, 0, 0);
    IMAPISession_GetMsgStoresTable(lpSession, 0, &lpTable); //~ use-after-logoff
}
