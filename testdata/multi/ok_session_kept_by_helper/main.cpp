// The session is queued for a worker (worker.cpp), which keeps the pointer: main hands its
// reference over and is not responsible for logging it off. worker.cpp mentions nothing of
// MAPI, so only the definition of the callee brings it into the scan.
void QueueSession(void *session);

int main()
{
    LPMAPISESSION lpSession = NULL;
    if (FAILED(MAPIInitialize(NULL))) return 1;
    if (SUCCEEDED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession))) {
        QueueSession(lpSession);
        lpSession->Release();
    }
    MAPIUninitialize();
    return 0;
}
