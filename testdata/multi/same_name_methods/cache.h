// A user class with methods named like the APIs: analysed through their bodies.
class CGlobalCache
{
public:
    static CGlobalCache& getInstance();
    void MAPIInitialize();
    void MAPIUninitialize();
private:
    bool m_bMAPIInitialized;
};
