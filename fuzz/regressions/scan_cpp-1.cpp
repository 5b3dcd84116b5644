int main(int argc, char **argv)
{
    if (f2) Log("2");
    if (f3) Log("3");
    if (f4) Log("4");
    if (f5) Log("5");
    if (f6) Log("6");
    if (f7) Log("7");
    if (f8) Log("8");
    if (f9) Log("9");
    if (f10) Log("10");
    if (f11) Log("11");
    if (f12) Log("12");
    if (f13) Log("13");
    if (f19) Log("19");
    if (late)
        MAPIUninitialize();
    if (f0) Log("0 again");
    if (f1) Log("1 again");
    if (f2) Log("2 again");
    if (f3) Log("3 again");
    if (f4) Log("4 again");
    if (f5) Log("5 again");
    if (f6) Log("6 again");
    if (f7) Log("7 again");
    if (f8) Log("8 again");
    if (f9) Log("9 again");
    if (f10) Log("10 again");
    if (f11) Log("11 again");
    if (f12) Log("12 again");
    if (f13) Log("13 agSmartPointerScopeEnd()
{
    lpSession->Logoff(0, 0, 0);
}
    HRESULT hr = MAPILogonEx(0, (LPTSTR)profile, NULL, MAPI_EXTENDED, &lpSession); //~ missing-logoff
