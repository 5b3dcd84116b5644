// mapiapi.h - owns MAPI initialization for the whole tool.
#pragma once

#include <windows.h>
#include <mapix.h>

class CMapiApi
{
public:
    CMapiApi();             // MAPIInitialize, throws the HRESULT on failure
    ~CMapiApi();            // MAPIUninitialize

    HRESULT AllocCopy(ULONG cb, const void* pv, LPVOID* ppv);
    ULONG Allocations() const { return m_cAllocs; }

private:
    CMapiApi(const CMapiApi&);
    CMapiApi& operator=(const CMapiApi&);

    ULONG m_cAllocs;
};
