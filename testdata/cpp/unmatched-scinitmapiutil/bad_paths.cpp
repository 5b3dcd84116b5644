// The utility library is left initialized on an early return; a stray DeinitMapiUtil.
void Export(bool fFast)
{
    if (ScInitMapiUtil(0) != S_OK) //~ unmatched-scinitmapiutil
        return;
    if (fFast) return;
    Work();
    DeinitMapiUtil();
}

int main()
{
    Work();
    DeinitMapiUtil(); //~ unmatched-scinitmapiutil
    return 0;
}
