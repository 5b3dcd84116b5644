// MAPI calls that can run after MAPIUninitialize.
int ReleaseAfter()
{
    LPMAPISESSION lpSession = NULL;
    LPSPropValue lpProp = NULL;
    if (FAILED(MAPIInitialize(NULL))) return 1;
    if (SUCCEEDED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession))) {
        HrGetOneProp(lpSession, PR_DISPLAY_NAME, &lpProp); //~ leaked-mapi-buffer
        lpSession->Logoff(0, 0, 0);
    }
    MAPIUninitialize();
    MAPIFreeBuffer(lpProp); //~ use-after-mapi-uninitialize
    if (lpSession) lpSession->Release(); //~ use-after-mapi-uninitialize
    return 0;
}

// A smart pointer released at the closing brace, after MAPIUninitialize.
int SmartPointerScope()
{
    if (FAILED(MAPIInitialize(NULL))) return 1;
    CComPtr<IMAPISession> spSession;
    if (SUCCEEDED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &spSession))) {
        spSession->Logoff(0, 0, 0);
    }
    MAPIUninitialize();
    return 0;
} //~ use-after-mapi-uninitialize

// A helper that frees MAPI memory, called after the helper that uninitializes.
static LPSPropValue g_lpCached;
void FreeCache()
{
    MAPIFreeBuffer(g_lpCached); //~ use-after-mapi-uninitialize
    g_lpCached = NULL;
}

void ShutdownMapi()
{
    MAPIUninitialize();
}

void AppExit()
{
    ShutdownMapi();
    FreeCache();
}
