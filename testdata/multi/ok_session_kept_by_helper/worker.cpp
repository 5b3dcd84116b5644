// A small work queue: it keeps what it is given until a worker takes it.
#include <deque>
#include <mutex>

namespace {
std::mutex g_lock;
std::deque<void *> g_pending;
unsigned g_queued = 0;
unsigned g_taken = 0;
}

void QueueSession(void *session)
{
    std::lock_guard<std::mutex> guard(g_lock);
    g_pending.push_back(session);
    ++g_queued;
}

void *TakeWork()
{
    std::lock_guard<std::mutex> guard(g_lock);
    if (g_pending.empty())
        return nullptr;
    void *item = g_pending.front();
    g_pending.pop_front();
    ++g_taken;
    return item;
}

unsigned PendingCount()
{
    std::lock_guard<std::mutex> guard(g_lock);
    return g_queued - g_taken;
}
