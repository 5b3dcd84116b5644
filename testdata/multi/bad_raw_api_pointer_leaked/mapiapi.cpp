// mapiapi.cpp

#include "mapiapi.h"
#include <stdio.h>

CMapiApi::CMapiApi() : m_cMessages(0)
{
    MAPIINIT_0 init = { MAPI_INIT_VERSION, 0 };
    HRESULT hr = MAPIInitialize(&init); //~ unmatched-mapi-initialize
    if (FAILED(hr))
        throw hr;
}

CMapiApi::~CMapiApi()
{
    MAPIUninitialize();
}
