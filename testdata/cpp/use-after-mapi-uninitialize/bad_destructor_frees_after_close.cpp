// A dialog helper that owns the whole MAPI lifetime of a folder picker. Close() tears down in
// protocol order but leaves the cached entry ID to the destructor, which frees it before it
// calls Close() again.
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>
#include <stdio.h>

#define CHK(hr)                \
    do                         \
    {                          \
        if (FAILED(hr))        \
            goto Exit;         \
    } while (0)

class CFolderPicker
{
public:
    CFolderPicker() = default;
    ~CFolderPicker();

    HRESULT Open(HWND hwnd, LPCTSTR pszProfile);
    HRESULT PickInbox();
    void Close();

private:
    HWND m_hwnd = nullptr;
    bool m_fMapiInit = false;
    LPMAPISESSION m_lpSession = nullptr;
    LPMDB m_lpStore = nullptr;
    LPSPropValue m_lpInboxEID = nullptr; // kept: the picker reopens the inbox on refresh
};

CFolderPicker::~CFolderPicker()
{
    if (m_lpInboxEID)
        MAPIFreeBuffer(m_lpInboxEID);
    Close();
}

HRESULT CFolderPicker::Open(HWND hwnd, LPCTSTR pszProfile)
{
    HRESULT hr = S_OK;
    m_hwnd = hwnd;
    hr = MAPIInitialize(nullptr);
    CHK(hr);
    m_fMapiInit = true;
    hr = MAPILogonEx(reinterpret_cast<ULONG_PTR>(hwnd), const_cast<LPTSTR>(pszProfile), nullptr,
                     MAPI_EXTENDED | MAPI_LOGON_UI | MAPI_NEW_SESSION, &m_lpSession);
    CHK(hr);
    hr = HrOpenDefaultStore(m_lpSession, &m_lpStore);
Exit:
    if (FAILED(hr))
        Close();
    return hr;
}

HRESULT CFolderPicker::PickInbox()
{
    if (!m_lpStore)
        return MAPI_E_NOT_INITIALIZED;
    ULONG cbEID = 0;
    LPENTRYID lpEID = nullptr;
    HRESULT hr = m_lpStore->GetReceiveFolder(nullptr, 0, &cbEID, &lpEID, nullptr);
    if (FAILED(hr))
        return hr;
    hr = MAPIAllocateBuffer(sizeof(SPropValue), reinterpret_cast<LPVOID*>(&m_lpInboxEID));
    if (SUCCEEDED(hr))
    {
        m_lpInboxEID->ulPropTag = PR_ENTRYID;
        m_lpInboxEID->Value.bin.cb = cbEID;
        m_lpInboxEID->Value.bin.lpb = reinterpret_cast<LPBYTE>(lpEID);
        lpEID = nullptr; // now part of m_lpInboxEID's allocation chain
    }
    MAPIFreeBuffer(lpEID);
    return hr;
}

void CFolderPicker::Close()
{
    if (m_lpStore)
    {
        m_lpStore->Release();
        m_lpStore = nullptr;
    }
    if (m_lpSession)
    {
        m_lpSession->Logoff(reinterpret_cast<ULONG_PTR>(m_hwnd), 0, 0);
        m_lpSession->Release();
        m_lpSession = nullptr;
    }
    if (m_fMapiInit)
    {
        MAPIUninitialize();
        m_fMapiInit = false;
    }
}

int wmain(int argc, wchar_t** argv)
{
    CFolderPicker picker;
    HRESULT hr = picker.Open(GetConsoleWindow(), argc > 1 ? argv[1] : nullptr);
    if (SUCCEEDED(hr))
        hr = picker.PickInbox();
    printf("inbox: 0x%08lx\n", hr);
    picker.Close();
    return SUCCEEDED(hr) ? 0 : 1;
} //~ use-after-mapi-uninitialize
