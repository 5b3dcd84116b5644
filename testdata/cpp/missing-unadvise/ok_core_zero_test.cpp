// A zero connection means nothing was registered: the unadvise under `if (ulConn)` is enough.
HRESULT Watch(LPMAPISESSION lpSession, LPMDB lpMDB, LPMAPIADVISESINK lpSink)
{
    ULONG ulConn = 0;
    HRESULT hr = lpMDB->Advise(0, NULL, fnevNewMail, lpSink, &ulConn);
    Pump();
    if (ulConn != 0)
        lpMDB->Unadvise(ulConn);
    lpSession->Logoff(0, 0, 0);
    return hr;
}
