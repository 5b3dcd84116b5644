// A function that only starts and one that only ends pair where they are called.
HRESULT InitOle() { return OleInitialize(NULL); }
void CleanupOle() { OleUninitialize(); }

int main()
{
    if (FAILED(InitOle())) return 1;
    Work();
    CleanupOle();
    return 0;
}
