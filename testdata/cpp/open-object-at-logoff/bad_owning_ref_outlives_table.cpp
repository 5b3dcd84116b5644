// statusdump.cpp - prints the session's status rows, then the message-store rows.
//
// CSessionHolder logs the session off in its destructor when it owns it (fOwn). The
// borrowed holder in CountStores is harmless; the owning one in DumpAll is declared
// AFTER the status table, so it is destroyed first: its Logoff runs while lpStatus is
// still open (released only at Cleanup).
#include <windows.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

class CSessionHolder
{
public:
    CSessionHolder(LPMAPISESSION lpSession, BOOL fOwn) : m_lpSession(lpSession), m_fOwn(fOwn) {}
    ~CSessionHolder()
    {
        if (!m_fOwn)
            return;
        m_lpSession->Logoff(0, 0, 0);
        m_lpSession->Release();
    }
    LPMAPISESSION operator->() const { return m_lpSession; }

private:
    LPMAPISESSION m_lpSession;
    BOOL m_fOwn;
};

static ULONG CountStores(LPMAPISESSION lpSession)
{
    ULONG cStores = 0;
    CSessionHolder borrowed(lpSession, FALSE);      // does not log off
    LPMAPITABLE lpStores = NULL;
    if (SUCCEEDED(borrowed->GetMsgStoresTable(0, &lpStores)))
    {
        lpStores->GetRowCount(0, &cStores);
        lpStores->Release();
    }
    return cStores;
}

static HRESULT DumpAll(LPMAPISESSION lpSession)
{
    HRESULT hr = S_OK;
    LPMAPITABLE lpStatus = NULL;
    ULONG cRows = 0;
    CHK_HR(lpSession->GetStatusTable(0, &lpStatus));   //~ open-object-at-logoff
    {
        CSessionHolder owner(lpSession, TRUE);       // takes the session over
        CHK_HR(lpStatus->GetRowCount(0, &cRows));
        printf("%lu status row(s), %lu store(s)\n", cRows, CountStores(lpSession));
    }
Cleanup:
    if (lpStatus)
        lpStatus->Release();
    return hr;
}

int main()
{
    LPMAPISESSION lpSession = NULL;
    if (FAILED(MAPIInitialize(NULL)))
        return 1;
    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &lpSession);
    if (SUCCEEDED(hr))
        hr = DumpAll(lpSession);        // DumpAll's holder logs off and releases
    MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
