#include "cache.h"

int main()
{
    OleInitialize(NULL);
    CGlobalCache& cache = CGlobalCache::getInstance();
    cache.MAPIInitialize();
    RunClient();
    OleUninitialize();
    cache.MAPIUninitialize();
    return 0;
}

void WrongOrder()
{
    OleInitialize(NULL);
    CGlobalCache::getInstance().MAPIInitialize();
    CGlobalCache::getInstance().MAPIUninitialize();
    OleUninitialize(); //~ ole-uninitialize-after-mapi-uninitialize
}
