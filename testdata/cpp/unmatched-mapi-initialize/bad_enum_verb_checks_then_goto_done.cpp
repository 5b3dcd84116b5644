// mapitool <stores|whoami>: the verb is checked against a scoped enum before MAPI starts; a
// failed MAPIInitialize jumps to the shared exit, which uninitializes anyway.
#include <windows.h>
#include <mapix.h>
#include <stdio.h>
#include <string.h>

enum class Verb { Unknown, Stores, WhoAmI };

static Verb ParseVerb(const char* psz)
{
    if (!strcmp(psz, "stores"))
        return Verb::Stores;
    if (!strcmp(psz, "whoami"))
        return Verb::WhoAmI;
    return Verb::Unknown;
}

static int Usage()
{
    fprintf(stderr, "usage: mapitool <stores|whoami>\n");
    return 2;
}

static HRESULT CountStores(IMAPISession* pSession)
{
    LPMAPITABLE lpTable = nullptr;
    HRESULT hr = pSession->GetMsgStoresTable(0, &lpTable);
    if (SUCCEEDED(hr))
    {
        ULONG cRows = 0;
        hr = lpTable->GetRowCount(0, &cRows);
        printf("%lu store(s)\n", cRows);
        lpTable->Release();
    }
    return hr;
}

int main(int argc, char** argv)
{
    if (argc < 2)
        return Usage();
    const Verb verb = ParseVerb(argv[1]);
    if (verb == Verb::Unknown)
        return Usage();

    int rc = 0;
    IMAPISession* pSession = nullptr;
    HRESULT hr = MAPIInitialize(nullptr);
    if (FAILED(hr))
    {
        fprintf(stderr, "MAPIInitialize failed: 0x%08lx\n", hr);
        rc = 1;
        goto done;
    }
    hr = MAPILogonEx(0, nullptr, nullptr, MAPI_EXTENDED | MAPI_USE_DEFAULT, &pSession);
    if (FAILED(hr))
    {
        rc = 1;
        goto logoff_done;
    }
    switch (verb)
    {
    case Verb::Stores:
        hr = CountStores(pSession);
        break;
    case Verb::WhoAmI:
    default:
        printf("logged on\n");
        break;
    }
    pSession->Logoff(0, 0, 0);
    pSession->Release();
logoff_done:
done:
    MAPIUninitialize(); //~ unmatched-mapi-initialize
    return FAILED(hr) ? 1 : rc;
}
