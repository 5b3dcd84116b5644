// A store browser keeps the IPM subtree entry ID it reads on Connect() for later reopens.
// Disconnect() logs off first and frees the cached entry ID only after that.
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>

class CStoreBrowser
{
public:
    ~CStoreBrowser() { Disconnect(); }
    HRESULT Connect();
    HRESULT OpenSubtree(LPMAPIFOLDER* lppFolder);
    void Disconnect();

private:
    LPMAPISESSION m_lpSession = nullptr;
    LPMDB m_lpStore = nullptr;
    LPSPropValue m_lpSubtreeEID = nullptr;
};

HRESULT CStoreBrowser::Connect()
{
    HRESULT hr = MAPILogonEx(0, nullptr, nullptr, MAPI_EXTENDED | MAPI_USE_DEFAULT, &m_lpSession);
    if (FAILED(hr))
        return hr;
    hr = HrOpenExchangePrivateStore(m_lpSession, &m_lpStore);
    if (FAILED(hr))
        return hr;
    return HrGetOneProp(m_lpStore, PR_IPM_SUBTREE_ENTRYID, &m_lpSubtreeEID); //~ leaked-mapi-buffer
}

HRESULT CStoreBrowser::OpenSubtree(LPMAPIFOLDER* lppFolder)
{
    if (!m_lpStore || !m_lpSubtreeEID)
        return MAPI_E_NOT_INITIALIZED;
    ULONG ulType = 0;
    return m_lpStore->OpenEntry(m_lpSubtreeEID->Value.bin.cb, (LPENTRYID)m_lpSubtreeEID->Value.bin.lpb,
                                nullptr, 0, &ulType, (LPUNKNOWN*)lppFolder);
}

void CStoreBrowser::Disconnect()
{
    if (m_lpStore)
    {
        m_lpStore->Release();
        m_lpStore = nullptr;
    }
    if (m_lpSession)
    {
        m_lpSession->Logoff(0, 0, 0);
        if (m_lpSubtreeEID)
        {
            MAPIFreeBuffer(m_lpSubtreeEID);
            m_lpSubtreeEID = nullptr;
        }
        m_lpSession->Release();
        m_lpSession = nullptr;
    }
}

int main()
{
    if (FAILED(MAPIInitialize(nullptr)))
        return 1;
    {
        CStoreBrowser browser;
        LPMAPIFOLDER lpFolder = nullptr;
        if (SUCCEEDED(browser.Connect()) && SUCCEEDED(browser.OpenSubtree(&lpFolder)))
            lpFolder->Release();
        browser.Disconnect();
    }
    MAPIUninitialize();
    return 0;
}
