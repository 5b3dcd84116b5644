// mapiptr.h - the project's owning wrappers for MAPI memory and objects, spelled as the
// project's own type names. Each one frees (MAPIFreeBuffer / FreeProws / Release) what it
// holds when it goes out of scope.
#pragma once
#include <memory>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>
#include <kopano/memory.hpp>

typedef KC::memory_ptr<ADRLIST, KC::rowset_delete> adrlist_ptr;
typedef KC::memory_ptr<SPropValue> props_ptr;
using entryid_ptr = KC::memory_ptr<ENTRYID>;
typedef props_ptr one_prop_ptr;          // an alias of an alias
typedef CComPtr<IMAPITable> table_ptr;
