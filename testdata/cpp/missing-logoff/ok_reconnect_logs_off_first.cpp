// A polling connection of a mail-archiving service. Disconnect() is the only place that logs
// the session off, and it clears the member there. Reconnect() goes through it before it logs
// on again, and the session a second connection object shares is a counted reference of its
// own (AddRef in Share()), so the destructor of that one releases only its reference.
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>
#include <string>

void LogHr(LPCWSTR pszWhat, HRESULT hr);

class CArchiveConnection
{
public:
    explicit CArchiveConnection(const std::wstring& profile) : m_profile(profile) {}
    ~CArchiveConnection() { Disconnect(); }

    HRESULT Connect();
    HRESULT Reconnect();
    void Disconnect();
    HRESULT PollInbox(ULONG* lpcNew);

private:
    HRESULT OpenStore();

    std::wstring m_profile;
    LPMAPISESSION m_lpSession = nullptr;
    LPMDB m_lpStore = nullptr;
    DWORD m_dwDelayMs = 1000;
};

HRESULT CArchiveConnection::Connect()
{
    if (m_lpSession)
        return S_OK;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)m_profile.c_str(), nullptr,
                             MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_UNICODE | MAPI_EXPLICIT_PROFILE,
                             &m_lpSession);
    if (FAILED(hr))
    {
        m_lpSession = nullptr;
        LogHr(L"MAPILogonEx", hr);
        return hr;
    }
    hr = OpenStore();
    if (FAILED(hr))
    {
        LogHr(L"OpenStore", hr);
        Disconnect();
    }
    return hr;
}

HRESULT CArchiveConnection::Reconnect()
{
    Disconnect();
    ::Sleep(m_dwDelayMs);
    if (m_dwDelayMs < 60000)
        m_dwDelayMs *= 2;
    return Connect();
}

void CArchiveConnection::Disconnect()
{
    if (m_lpStore)
    {
        m_lpStore->Release();
        m_lpStore = nullptr;
    }
    if (m_lpSession)
    {
        m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
        m_lpSession = nullptr;
    }
}

HRESULT CArchiveConnection::OpenStore()
{
    return HrOpenExchangePrivateStore(m_lpSession, &m_lpStore);
}

HRESULT CArchiveConnection::PollInbox(ULONG* lpcNew)
{
    *lpcNew = 0;
    if (!m_lpStore)
        return MAPI_E_NOT_INITIALIZED;
    ULONG cbEID = 0, ulType = 0;
    LPENTRYID lpEID = nullptr;
    LPMAPIFOLDER lpInbox = nullptr;
    HRESULT hr = m_lpStore->GetReceiveFolder(nullptr, 0, &cbEID, &lpEID, nullptr);
    if (FAILED(hr))
        return hr;
    hr = m_lpStore->OpenEntry(cbEID, lpEID, nullptr, 0, &ulType, (LPUNKNOWN*)&lpInbox);
    MAPIFreeBuffer(lpEID);
    if (FAILED(hr))
        return hr;
    LPSPropValue lpCount = nullptr;
    hr = HrGetOneProp(lpInbox, PR_CONTENT_UNREAD, &lpCount);
    if (SUCCEEDED(hr))
    {
        *lpcNew = lpCount->Value.l;
        MAPIFreeBuffer(lpCount);
    }
    lpInbox->Release();
    return hr;
}

int wmain(int argc, wchar_t** argv)
{
    if (argc < 2 || FAILED(MAPIInitialize(nullptr)))
        return 1;
    {
        CArchiveConnection conn(argv[1]);
        HRESULT hr = conn.Connect();
        for (int i = 0; SUCCEEDED(hr) && i < 100; i++)
        {
            ULONG cNew = 0;
            hr = conn.PollInbox(&cNew);
            if (hr == MAPI_E_NETWORK_ERROR)
                hr = conn.Reconnect();
            ::Sleep(30000);
        }
    }
    MAPIUninitialize();
    return 0;
}
