#pragma once
#include <mapix.h>
HRESULT GetInboxEntryID(LPMDB lpMDB, ULONG* pcbEID, LPENTRYID* lppEID);
