// folders.h - store and folder lookups.
#pragma once
#include <mapix.h>

// Opens the default store and its Inbox; both are the caller's to release.
HRESULT OpenInbox(LPMAPISESSION lpSession, LPMDB* lppMDB, LPMAPIFOLDER* lppInbox);
