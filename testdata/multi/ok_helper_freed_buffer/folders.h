/* folders.h - helpers that look up special folders of a message store. */
#ifndef FOLDERS_H
#define FOLDERS_H
#include <mapix.h>
#include <mapiutil.h>

HRESULT GetSpecialFolderEID(LPMDB lpMDB, ULONG ulTag, LPSPropValue* lppEID);
HRESULT GetInboxEID(LPMDB lpMDB, ULONG* pcbEID, LPENTRYID* lppEID);
LPSRowSet ListSubfolders(LPMAPIFOLDER lpFolder);
ULONG GetNamedTag(LPMAPIPROP lpObj, LPGUID lpGuid, LPWSTR pwszName);
#endif
