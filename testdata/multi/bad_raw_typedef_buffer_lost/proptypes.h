// proptypes.h - property helpers' type names. props_ptr owns its buffer (kopano's
// memory_ptr frees it at scope end); PropArray is only a name for the raw pointer.
#pragma once
#include <mapix.h>
#include <mapiutil.h>
#include <kopano/memory.hpp>

typedef KC::memory_ptr<SPropValue> props_ptr;
typedef LPSPropValue PropArray;
typedef CComPtr<IMAPIFolder>* FolderSlot;   // a pointer to a smart pointer owns nothing itself
