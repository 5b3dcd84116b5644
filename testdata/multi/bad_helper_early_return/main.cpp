void StartOle();
void StopOle();

int wmain(int argc, wchar_t** argv)
{
    StartOle();
    if (argc < 2)
        return 2;
    Run(argv[1]);
    StopOle();
    return 0;
}
