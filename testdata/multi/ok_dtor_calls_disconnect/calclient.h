// calclient.h - read-only access to the default Calendar folder.
#pragma once

#include <windows.h>
#include <atlbase.h>
#include <mapix.h>

class CCalendarClient
{
public:
    CCalendarClient() {}
    ~CCalendarClient();

    HRESULT Connect(LPCWSTR pszProfile);
    void Disconnect();
    HRESULT CountAppointments(ULONG* pcItems);

private:
    HRESULT OpenDefaultStore();
    HRESULT OpenCalendar();

    // Same declaration order as the other clients; Disconnect() empties the store and
    // folder pointers before logging off, so their member destructors find nothing to do.
    CComPtr<IMAPISession> m_spSession;
    CComPtr<IMsgStore>    m_spStore;
    CComPtr<IMAPIFolder>  m_spCalendar;
};
