void CleanupOle();
void CleanupMapi();

int main()
{
    OleInitialize(NULL);
    MAPIInitialize(NULL);
    RunClient();
    CleanupMapi();
    CleanupOle();
    return 0;
}
