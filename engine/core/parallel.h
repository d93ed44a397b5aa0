#pragma once
// The engine's own element loops (Winograd's transforms and point GEMMs, the upsampling layers' packing,
// the narrow convolution, Adam's update) spread over LibTorch's intra-op threads.
//
// LibTorch's at::parallel_for is a template in its headers; with the OpenMP backend (Debian's LibTorch and
// the official builds) it spreads work only in code compiled with OpenMP, and runs it on the calling thread
// anywhere else. The engine is compiled with OpenMP where CMake finds it, as LibTorch's own kernels are,
// except with MSVC, whose OpenMP runtime is not LibTorch's (engine/CMakeLists.txt).

#include <ATen/Parallel.h>

#include <atomic>
#include <cstdint>

namespace engine {

namespace detail {
extern std::atomic<bool> g_parallelLoops;
}

// fn(begin, end) over [begin, end) in chunks of at least `grain`, on LibTorch's threads; on the calling
// thread while setParallelLoops is off. Inside, oneDNN's sgemm runs on the thread that calls it.
template <typename Fn>
void parallelFor(int64_t begin, int64_t end, int64_t grain, const Fn &fn)
{
    if (detail::g_parallelLoops.load(std::memory_order_relaxed))
        at::parallel_for(begin, end, grain, fn);
    else if (begin < end)
        fn(begin, end);
}

// Off: the loops run on the calling thread, as in a build without OpenMP (bench --serial-loops, for an A/B
// comparison). oneDNN's sgemm then spreads each GEMM over the threads itself.
void setParallelLoops(bool on);

// How many threads a loop of many items runs on now: LibTorch's intra-op thread count where the build
// spreads the engine's loops, 1 where it cannot.
int parallelLoopThreads();

} // namespace engine
