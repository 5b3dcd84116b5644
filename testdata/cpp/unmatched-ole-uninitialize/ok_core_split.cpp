// Initialization in one method, uninitialization in another: paired by the framework.
class CApp
{
public:
    BOOL InitInstance() { m_fOle = SUCCEEDED(OleInitialize(NULL)); return TRUE; }
    int ExitInstance() { if (m_fOle) OleUninitialize(); return 0; }
    BOOL m_fOle;
};
