/* props.h - small property helpers shared by whoami and its tests. */
#ifndef WHOAMI_PROPS_H
#define WHOAMI_PROPS_H

#include <mapix.h>
#include <mapiutil.h>

/* Returns a string property in a MAPI buffer the caller frees with MAPIFreeBuffer. */
HRESULT GetStringProp(LPMAPIPROP lpObj, ULONG ulTag, LPSPropValue* lppProp);

/* Returns the session identity entry ID (free with MAPIFreeBuffer), or NULL. */
LPENTRYID GetSessionIdentity(LPMAPISESSION lpSession, ULONG* pcbEID);

/* Returns the list of properties of an object (free with MAPIFreeBuffer), or NULL. */
LPSPropTagArray GetAllTags(LPMAPIPROP lpObj);

#endif
