// mapiapi.h - process-wide MAPI initialization, plus a few counters for the log.
#pragma once

#include <windows.h>
#include <mapix.h>

class CMapiApi
{
public:
    CMapiApi();             // MAPIInitialize; throws the HRESULT on failure
    ~CMapiApi();            // MAPIUninitialize

    void CountMessage() { m_cMessages++; }
    ULONG Messages() const { return m_cMessages; }

private:
    CMapiApi(const CMapiApi&);
    CMapiApi& operator=(const CMapiApi&);

    ULONG m_cMessages;
};
