// client.h - CProfileClient keeps one MAPI session (and its address book) per profile.
#pragma once
#include <windows.h>
#include <mapix.h>

class CProfileClient
{
public:
    CProfileClient();
    ~CProfileClient();

    HRESULT Connect(LPCWSTR pwszProfile);   // connect.cpp
    HRESULT ResolveName(LPCWSTR pwszName);  // connect.cpp
    void Disconnect();                      // client.cpp

private:
    LPMAPISESSION m_lpSession;
    LPADRBOOK m_lpAdrBook;
    ULONG m_cResolved;
};
