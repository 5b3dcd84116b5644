/* openchange's libmapi has its own MAPIInitialize(&ctx, profdb) and MAPIUninitialize(ctx):
   a different API, never Windows MAPI. Nothing is reported. */
int main(int argc, char **argv)
{
    struct mapi_context *mapi_ctx;
    struct mapi_session *session = NULL;
    enum MAPISTATUS retval;

    OleInitialize(NULL);
    retval = MAPIInitialize(&mapi_ctx, "/tmp/profiles.ldb");
    if (retval != MAPI_E_SUCCESS) {
        OleUninitialize();
        return 1;
    }
    retval = MapiLogonEx(mapi_ctx, &session, "profile", NULL);
    MAPIUninitialize(mapi_ctx);
    OleUninitialize();
    return 0;
}
