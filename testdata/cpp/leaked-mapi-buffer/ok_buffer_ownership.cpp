// propdump: prints a few properties of the default store. Every buffer here is freed by
// whoever ends up owning it: a helper that frees what it is given, a std::move into a
// container of smart buffers, a helper whose body the scan does not see (no guess), and a
// problem array that is freed before the next call writes the same variable.
#include <windows.h>
#include <stdio.h>
#include <vector>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)

template <typename T> class buf_ptr
{
public:
    buf_ptr() : m_p(NULL) {}
    ~buf_ptr() { MAPIFreeBuffer(m_p); }
    T** operator&() { return &m_p; }
    T* operator->() const { return m_p; }
private:
    T* m_p;
};

// Takes ownership: the caller must not free.
static void PrintAndFree(LPSPropValue lpProp)
{
    if (lpProp && PROP_TYPE(lpProp->ulPropTag) == PT_UNICODE)
        wprintf(L"%ls\n", lpProp->Value.lpszW);
    MAPIFreeBuffer(lpProp);
}

// Declared in a header of another library: the scan cannot see what it does.
void QueueForUpload(LPSPropValue lpProp);

static HRESULT DumpStore(LPMDB lpMDB, std::vector<buf_ptr<SPropValue>>& kept)
{
    HRESULT hr = S_OK;
    LPSPropValue lpName = NULL;
    LPSPropValue lpClass = NULL;
    LPSPropProblemArray lpProblems = NULL;
    SPropValue prop = {};

    CHK_HR(HrGetOneProp(lpMDB, PR_DISPLAY_NAME_W, &lpName));
    PrintAndFree(lpName);           // freed by the helper
    lpName = NULL;

    CHK_HR(HrGetOneProp(lpMDB, PR_MESSAGE_CLASS_W, &lpClass));
    QueueForUpload(lpClass);        // unknown callee: no guess either way

    {
        buf_ptr<SPropValue> spSize;
        CHK_HR(HrGetOneProp(lpMDB, PR_MESSAGE_SIZE, &spSize));
        kept.push_back(std::move(spSize));
    }

    prop.ulPropTag = PR_COMMENT_W;
    prop.Value.lpszW = (LPWSTR)L"dumped";
    CHK_HR(lpMDB->SetProps(1, &prop, &lpProblems));
    MAPIFreeBuffer(lpProblems);     // freed before the next write of lpProblems
    lpProblems = NULL;
    CHK_HR(lpMDB->SetProps(1, &prop, &lpProblems));
    CHK_HR(lpMDB->SaveChanges(KEEP_OPEN_READWRITE));

Cleanup:
    MAPIFreeBuffer(lpProblems);
    return hr;
}
