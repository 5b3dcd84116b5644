// Patterns seen in real clients that are correct.

// Short-circuit: MAPIInitialize only runs when the first operands are false.
void LoadTable(CListCtrl* lpList, LPMAPITABLE lpTable)
{
    if (!lpList || !lpTable || FAILED(MAPIInitialize(nullptr)))
    {
        if (lpTable) lpTable->Release();
        return;
    }
    Fill(lpList, lpTable);
    lpTable->Release();
    MAPIUninitialize();
}

// A login/logout API pair: the start is handed to the caller with the session.
void* api_login()
{
    MAPIInitialize(nullptr);
    object_ptr<IMAPISession> ses;
    auto ret = OpenSession(&~ses, "app");
    if (ret != hrSuccess)
        return nullptr;
    return ses.release();
}

void api_logout(void* s)
{
    auto ses = static_cast<IMAPISession*>(s);
    if (ses != nullptr) ses->Release();
    MAPIUninitialize();
}

// A project-specific success constant.
static int time_init()
{
    auto ret = MAPIInitialize(nullptr);
    if (ret == erSuccess)
        MAPIUninitialize();
    return 0;
}

// A helper whose failure result may come from a later step (the logon): the caller's
// unconditional uninitialize is not a surplus.
HRESULT StartClient()
{
    HRESULT hr = MAPIInitialize(NULL);
    if (SUCCEEDED(hr))
        hr = LogOnDefault();
    return hr;
}

void StopClient() { MAPIUninitialize(); }

int main()
{
    if (StartClient() != S_OK)
        Log("could not start");
    Run();
    StopClient();
    return 0;
}

// Cleanup guarded by a global set at initialization: nothing to end when init never ran.
HMODULE g_hMapiLib = NULL;
void NativeInit() { g_hMapiLib = LoadLibraryW(L"mapi32.dll"); MAPIInitialize(NULL); }
void NativeUninit()
{
    if (g_hMapiLib)
    {
        MAPIUninitialize();
        FreeLibrary(g_hMapiLib);
        g_hMapiLib = NULL;
    }
}

int wmain(int argc, wchar_t** argv)
{
    if (argc > 1)
        NativeInit();
    Run();
    NativeUninit();
    return 0;
}

// A callback that stores the login in the caller's object, logging out again on failure.
static int list_init(struct box_list* list)
{
    list->ses = api_login();
    if (list->ses != NULL) {
        list->store = open_store(list->ses);
        if (list->store == NULL) {
            api_logout(list->ses);
            list->ses = NULL;
            return -1;
        }
    }
    return 0;
}
