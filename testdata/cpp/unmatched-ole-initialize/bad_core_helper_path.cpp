// main pairs InitOle/CleanupOle, but one path returns between them: reported inside the helper.
void InitOle() { OleInitialize(NULL); } //~ unmatched-ole-initialize
void CleanupOle() { OleUninitialize(); }

int main(int argc, char** argv)
{
    InitOle();
    if (argc < 2) return 1;
    CleanupOle();
    return 0;
}
