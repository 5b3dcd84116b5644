HRESULT InitMapi();
void CleanupOle();
void CleanupMapi();

int main()
{
    if (FAILED(InitMapi())) return 1;
    RunClient();
    CleanupOle();
    CleanupMapi();
    return 0;
}
