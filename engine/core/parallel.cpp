#include "core/parallel.h"

#include <mutex>
#include <set>
#include <thread>

namespace engine {

namespace detail {
std::atomic<bool> g_parallelLoops{true};
}

void setParallelLoops(bool on) { detail::g_parallelLoops = on; }

int parallelLoopThreads()
{
    std::mutex mutex;
    std::set<std::thread::id> threads;
    parallelFor(0, 1024, 1, [&](int64_t, int64_t) {
        std::lock_guard<std::mutex> lock(mutex);
        threads.insert(std::this_thread::get_id());
    });
    return static_cast<int>(threads.size());
}

} // namespace engine
