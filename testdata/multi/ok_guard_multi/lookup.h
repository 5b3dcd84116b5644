// lookup.h
#pragma once
#include <mapix.h>

HRESULT OpenDeletedItems(LPMAPISESSION lpSession, LPMDB* lppMDB, LPMAPIFOLDER* lppFolder);
