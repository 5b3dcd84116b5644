// exportcontacts.cpp - writes the display name and e-mail address of every contact of the
// default Contacts folder as CSV. The logon is held by CMapiLogon, whose destructor logs off.
//
// Usage: exportcontacts <profile> <out.csv>
#include <windows.h>
#include <atlbase.h>
#include <stdio.h>
#include <mapix.h>
#include <mapiutil.h>

#define CHK_HR(x) do { hr = (x); if (FAILED(hr)) { printf("%s: 0x%08lx\n", #x, hr); return hr; } } while (0)

// Owns one MAPI logon for the lifetime of a scope.
class CMapiLogon
{
public:
    CMapiLogon() : m_lpSession(NULL) {}
    ~CMapiLogon()
    {
        if (m_lpSession)
        {
            m_lpSession->Logoff(0, 0, 0);
            m_lpSession->Release();
            m_lpSession = NULL;
        }
    }
    HRESULT Logon(LPCSTR pszProfile)
    {
        return MAPILogonEx(0, (LPTSTR)pszProfile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &m_lpSession);
    }
    LPMAPISESSION Session() const { return m_lpSession; }
private:
    LPMAPISESSION m_lpSession;
};

static void WriteCsvField(FILE* out, const char* psz)
{
    fputc('"', out);
    for (; psz && *psz; psz++)
    {
        if (*psz == '"') fputc('"', out);
        fputc(*psz, out);
    }
    fputc('"', out);
}

static HRESULT WriteRows(LPMAPITABLE lpTable, FILE* out)
{
    HRESULT hr = S_OK;
    LPSRowSet lpRows = NULL;
    SizedSPropTagArray(2, sptaCols) = { 2, { PR_DISPLAY_NAME_A, PR_EMAIL_ADDRESS_A } };

    CHK_HR(HrQueryAllRows(lpTable, (LPSPropTagArray)&sptaCols, NULL, NULL, 0, &lpRows));
    for (ULONG i = 0; i < lpRows->cRows; i++)
    {
        LPSPropValue lpCols = lpRows->aRow[i].lpProps;
        WriteCsvField(out, lpCols[0].ulPropTag == PR_DISPLAY_NAME_A ? lpCols[0].Value.lpszA : "");
        fputc(',', out);
        WriteCsvField(out, lpCols[1].ulPropTag == PR_EMAIL_ADDRESS_A ? lpCols[1].Value.lpszA : "");
        fputc('\n', out);
    }
    FreeProws(lpRows);
    return S_OK;
}

static HRESULT ExportContacts(LPCSTR pszProfile, FILE* out)
{
    HRESULT hr = S_OK;
    // BUG: declared before the logon, so it is destroyed after ~CMapiLogon logged off.
    CComPtr<IMAPIFolder> spContacts;
    CMapiLogon logon;
    CHK_HR(logon.Logon(pszProfile));

    CComPtr<IMsgStore> spMDB;
    CHK_HR(logon.Session()->OpenMsgStore(0, 0, NULL, NULL, MDB_NO_DIALOG, &spMDB));

    // Owner of the store, for the CSV header line.
    LPADRBOOK lpAB = NULL;
    CHK_HR(logon.Session()->OpenAddressBook(0, NULL, AB_NO_DIALOG, &lpAB)); //~ open-object-at-logoff
    ULONG cbId = 0, ulType = 0;
    LPENTRYID lpIdEID = NULL;
    if (SUCCEEDED(logon.Session()->QueryIdentity(&cbId, &lpIdEID)))
    {
        LPMAILUSER lpMe = NULL;
        if (SUCCEEDED(lpAB->OpenEntry(cbId, lpIdEID, NULL, 0, &ulType, (LPUNKNOWN*)&lpMe)))
        {
            LPSPropValue lpName = NULL;
            if (SUCCEEDED(HrGetOneProp(lpMe, PR_DISPLAY_NAME_A, &lpName)))
            {
                fprintf(out, "# contacts of %s\n", lpName->Value.lpszA);
                MAPIFreeBuffer(lpName);
            }
            lpMe->Release();
        }
        MAPIFreeBuffer(lpIdEID);
    }
    // BUG: lpAB is never released.

    // The Contacts folder entry ID lives on the Inbox.
    CComPtr<IMAPIFolder> spInbox;
    ULONG cbInbox = 0;
    LPENTRYID lpInboxEID = NULL;
    CHK_HR(spMDB->GetReceiveFolder(NULL, 0, &cbInbox, &lpInboxEID, NULL));
    hr = spMDB->OpenEntry(cbInbox, lpInboxEID, NULL, 0, &ulType, (LPUNKNOWN*)&spInbox);
    MAPIFreeBuffer(lpInboxEID);
    if (FAILED(hr))
        return hr;

    LPSPropValue lpContactsEID = NULL;
    CHK_HR(HrGetOneProp(spInbox, PR_IPM_CONTACT_ENTRYID, &lpContactsEID));
    hr = spMDB->OpenEntry(lpContactsEID->Value.bin.cb, (LPENTRYID)lpContactsEID->Value.bin.lpb, NULL, 0, //~ open-object-at-logoff
        &ulType, (LPUNKNOWN*)&spContacts);
    MAPIFreeBuffer(lpContactsEID);
    if (FAILED(hr))
        return hr;

    CComPtr<IMAPITable> spTable;
    CHK_HR(spContacts->GetContentsTable(0, &spTable));
    return WriteRows(spTable, out);
}

int main(int argc, char** argv)
{
    if (argc != 3)
    {
        printf("usage: %s <profile> <out.csv>\n", argv[0]);
        return 2;
    }
    FILE* out = fopen(argv[2], "w");
    if (!out)
    {
        perror(argv[2]);
        return 1;
    }
    HRESULT hr = MAPIInitialize(NULL);
    if (SUCCEEDED(hr))
    {
        hr = ExportContacts(argv[1], out);
        MAPIUninitialize();
    }
    fclose(out);
    return SUCCEEDED(hr) ? 0 : 1;
}
