// Correct: everything released and freed before MAPIUninitialize; DeinitMapiUtil after it.
int Correct()
{
    LPMAPISESSION lpSession = NULL;
    LPSPropValue lpProp = NULL;
    if (FAILED(MAPIInitialize(NULL))) return 1;
    ScInitMapiUtil(0);
    if (SUCCEEDED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession))) {
        HrGetOneProp(lpSession, PR_DISPLAY_NAME, &lpProp);
        MAPIFreeBuffer(lpProp);
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
    MAPIUninitialize();
    DeinitMapiUtil();
    return 0;
}

// The smart pointer is emptied, or its scope closes, before MAPIUninitialize.
int SmartPointers()
{
    if (FAILED(MAPIInitialize(NULL))) return 1;
    CComPtr<IMAPISession> spSession;
    if (SUCCEEDED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &spSession))) {
        spSession->Logoff(0, 0, 0);
    }
    spSession.Release();
    {
        CComPtr<IMAPISession> spOther;
        if (SUCCEEDED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &spOther)))
            spOther->Logoff(0, 0, 0);
    }
    MAPIUninitialize();
    return 0;
}

// Non-MAPI COM objects may be released after MAPIUninitialize.
void OtherCom(IStream* pStream, IUnknown* pUnk)
{
    if (FAILED(MAPIInitialize(NULL))) return;
    MAPIUninitialize();
    pStream->Release();
    pUnk->Release();
}

// Initialized again: calls after the new MAPIInitialize are fine.
void Restart()
{
    if (FAILED(MAPIInitialize(NULL))) return;
    MAPIUninitialize();
    if (SUCCEEDED(MAPIInitialize(NULL))) {
        LPVOID lpv = NULL;
        MAPIAllocateBuffer(16, &lpv);
        MAPIFreeBuffer(lpv);
        MAPIUninitialize();
    }
}

// A smart pointer emptied by assignment before MAPIUninitialize releases nothing at its end.
int EmptiedByAssignment()
{
    if (FAILED(MAPIInitialize(NULL))) return 1;
    CComPtr<IMAPISession> spSession;
    if (SUCCEEDED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &spSession))) {
        spSession->Logoff(0, 0, 0);
    }
    spSession = nullptr;
    MAPIUninitialize();
    return 0;
}
