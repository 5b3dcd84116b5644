// logon.cpp - CScopedLogon implementation.
#include <stdio.h>
#include "logon.h"

HRESULT CScopedLogon::Open(LPCSTR pszProfile, ULONG ulFlags)
{
    Close();
    HRESULT hr = MAPILogonEx(0, (LPTSTR)pszProfile, NULL, ulFlags | MAPI_EXTENDED, &m_lpSession);
    if (FAILED(hr))
    {
        printf("logon to %s failed: 0x%08lx\n", pszProfile, hr);
        m_lpSession = NULL;
    }
    return hr;
}

void CScopedLogon::Close()
{
    if (m_lpSession == NULL)
        return;
    m_lpSession->Logoff(0, 0, 0);
    m_lpSession->Release();
    m_lpSession = NULL;
}
