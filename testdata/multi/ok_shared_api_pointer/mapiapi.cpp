// mapiapi.cpp

#include "mapiapi.h"
#include <string.h>

CMapiApi::CMapiApi() : m_cAllocs(0)
{
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        throw hr;
}

CMapiApi::~CMapiApi()
{
    MAPIUninitialize();
}

HRESULT CMapiApi::AllocCopy(ULONG cb, const void* pv, LPVOID* ppv)
{
    HRESULT hr = MAPIAllocateBuffer(cb, ppv);
    if (FAILED(hr))
        return hr;
    memcpy(*ppv, pv, cb);
    m_cAllocs++;
    return S_OK;
}
