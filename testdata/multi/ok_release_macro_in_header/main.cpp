// The session is released through a macro defined in a header that mentions no MAPI name:
// the macro's body says it releases, so the session is not lost.
#include "util.h"

int main()
{
    LPMAPISESSION lpSession = NULL;
    if (FAILED(MAPIInitialize(NULL))) return 1;
    if (SUCCEEDED(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession))) {
        lpSession->Logoff(0, 0, 0);
        DROP_REF(lpSession);
    }
    MAPIUninitialize();
    return 0;
}
