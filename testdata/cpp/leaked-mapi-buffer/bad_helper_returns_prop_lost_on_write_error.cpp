// inbox2txt.cpp - writes the Inbox's display name and the subject of each message to a text
// file.
//
// Bug: GetStringProp() returns the HrGetOneProp buffer as its value and the caller keeps it
// in a raw LPSPropValue. When the header cannot be written, ExportInbox() returns without
// freeing it: leaked-mapi-buffer at the HrGetOneProp inside the helper. The smart-pointer
// and `auto` callers below keep theirs correctly.
#include <windows.h>
#include <stdio.h>
#include <atlbase.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) { hr = (x); if (FAILED(hr)) return hr; }

// Returns the property, or NULL when the object has none; the caller frees it.
LPSPropValue GetStringProp(LPMAPIPROP lpObj, ULONG ulPropTag)
{
    LPSPropValue lpProp = NULL;
    HRESULT hr = HrGetOneProp(lpObj, ulPropTag, &lpProp); //~ leaked-mapi-buffer
    if (FAILED(hr))
        return NULL;
    return lpProp;
}

struct CMapiFree
{
    void operator()(LPSPropValue p) const { MAPIFreeBuffer(p); }
};

static HRESULT PrintClass(LPMAPIFOLDER lpFolder)
{
    std::unique_ptr<SPropValue, CMapiFree> spClass(GetStringProp(lpFolder, PR_CONTAINER_CLASS_W));
    if (!spClass)
        return MAPI_E_NOT_FOUND;
    wprintf(L"class: %s\n", spClass->Value.lpszW);
    return S_OK;
}

HRESULT ExportInbox(LPMAPIFOLDER lpInbox, FILE* fp)
{
    HRESULT hr = S_OK;
    CComPtr<IMAPITable> spContents;
    LPSRowSet lpRows = NULL;

    LPSPropValue lpName = GetStringProp(lpInbox, PR_DISPLAY_NAME_W);
    if (fwprintf(fp, L"# %s\n", lpName ? lpName->Value.lpszW : L"Inbox") < 0)
        return HRESULT_FROM_WIN32(ERROR_WRITE_FAULT);      // lpName is lost here
    MAPIFreeBuffer(lpName);

    CHK_HR(PrintClass(lpInbox));
    CHK_HR(lpInbox->GetContentsTable(MAPI_UNICODE, &spContents));
    static const SizedSPropTagArray(1, sptSubject) = { 1, { PR_SUBJECT_W } };
    CHK_HR(spContents->SetColumns((LPSPropTagArray)&sptSubject, TBL_BATCH));
    for (;;)
    {
        hr = spContents->QueryRows(50, 0, &lpRows);
        if (FAILED(hr) || lpRows->cRows == 0)
            break;
        for (ULONG i = 0; i < lpRows->cRows; ++i)
            fwprintf(fp, L"%s\n", PROP_TYPE(lpRows->aRow[i].lpProps[0].ulPropTag) == PT_UNICODE
                                      ? lpRows->aRow[i].lpProps[0].Value.lpszW : L"");
        FreeProws(lpRows);
        lpRows = NULL;
    }
    if (lpRows)
        FreeProws(lpRows);
    return hr;
}
