// Connections of a mail-archiving service share one session: a viewer made with Share() holds a
// counted reference of its own (AddRef), and only the owner logs off, in Disconnect(). Dropping
// a viewer's reference without a Logoff is right: the owner's session stays logged on.
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
    void Share(const CArchiveConnection& owner);
    void DropShared();
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

void CArchiveConnection::Share(const CArchiveConnection& owner)
{
    m_lpSession = owner.m_lpSession;
    if (m_lpSession)
        m_lpSession->AddRef();
}

void CArchiveConnection::DropShared()
{
    if (m_lpSession)
    {
        m_lpSession->Release();
        m_lpSession = nullptr;
    }
}

HRESULT CArchiveConnection::Reconnect()
{
    if (m_lpStore)
    {
        m_lpStore->Release();
        m_lpStore = nullptr;
    }
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
        CArchiveConnection viewer(argv[1]);
        HRESULT hr = conn.Connect();
        viewer.Share(conn);
        for (int i = 0; SUCCEEDED(hr) && i < 100; i++)
        {
            ULONG cNew = 0;
            hr = conn.PollInbox(&cNew);
            if (hr == MAPI_E_NETWORK_ERROR)
                hr = conn.Reconnect();
            ::Sleep(30000);
        }
        viewer.DropShared();
    }
    MAPIUninitialize();
    return 0;
}
