#include "engine/core/device.h"

#include "core/gpu.h"
#include "engine/core/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#if __has_include(<cuda_runtime_api.h>) && __has_include(<ATen/cuda/CUDAContext.h>) && __has_include(<cublas_v2.h>)
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAFunctions.h>
#include <cuda_runtime_api.h>
#define CYCLESTUDIO_CUDA_API 1
#endif

namespace engine {

namespace {

std::int64_t availableCpuBytes(std::int64_t &total)
{
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::int64_t value = 0, available = 0;
    std::string unit;
    while (meminfo >> key >> value >> unit) {
        if (key == "MemTotal:")
            total = value * 1024;
        else if (key == "MemAvailable:")
            available = value * 1024;
    }
    return available;
}

// Training frees and reallocates the same large activation buffers every iteration. glibc serves
// blocks above its mmap threshold with fresh mappings and adapts that threshold to the program's
// allocation history, so the number of page faults per iteration (and the speed) depended on what the
// process happened to allocate first. Fixed settings keep freed buffers in the heap for reuse. glibc
// also trims the heap whenever its free top passes the trim threshold; at 256 px a training step frees
// more than 512 MiB at its end, and now and then the free top passed the threshold, was handed back and
// the next step faulted it all back in page by page, so while the engine works nothing is trimmed and
// releaseFreeMemory() trims once the work is done.
void configureAllocator(bool keepFreedMemory)
{
#if defined(__GLIBC__)
    static std::once_flag once;
    std::call_once(once, [] {
        mallopt(M_MMAP_THRESHOLD, 256 << 20);
        mallopt(M_TOP_PAD, 64 << 20);
    });
    mallopt(M_TRIM_THRESHOLD, keepFreedMemory ? -1 : 512 << 20); // -1: never trim on free
#else
    (void)keepFreedMemory;
#endif
}

} // namespace

void releaseFreeMemory()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

bool cudaAvailable() { return torch::cuda::is_available(); }

int cudaDeviceCount() { return cudaAvailable() ? static_cast<int>(torch::cuda::device_count()) : 0; }

int maxThreads() { return std::max(256, 4 * static_cast<int>(std::thread::hardware_concurrency())); }

ComputeDevice selectDevice(const RuntimeOptions &runtime)
{
    if (runtime.threads < 0 || runtime.threads > maxThreads())
        throw Error("The number of CPU threads must be from 0 (all cores) to " + std::to_string(maxThreads()) + ".");
    const int threads = runtime.threads > 0 ? runtime.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    // Debian's LibTorch starts with one intra-op thread; use the cores deliberately.
    torch::set_num_threads(threads);
    configureAllocator(runtime.keepFreedMemory);
    setGpuChannelsLast(runtime.channelsLast);
    if (cudaAvailable())
        setCudnnBenchmark(runtime.cudnnBenchmark);
    ComputeDevice device = ComputeDevice::Cpu;
    switch (runtime.device) {
    case DeviceChoice::Cpu:
        return ComputeDevice::Cpu;
    case DeviceChoice::Cuda:
        if (!cudaAvailable())
            throw Error("A CUDA GPU was requested but none is available (this build of LibTorch may be CPU-only).");
        device = ComputeDevice::Cuda;
        break;
    case DeviceChoice::Auto:
        device = cudaAvailable() ? ComputeDevice::Cuda : ComputeDevice::Cpu;
        break;
    }
#if defined(CYCLESTUDIO_CUDA_API)
    // One GPU per local rank when a launcher left all of them visible (torchrun does); `--nproc` and
    // Slurm give each rank its own through CUDA_VISIBLE_DEVICES, and then there is only one. For the
    // calling thread, which is the one that trains.
    if (device == ComputeDevice::Cuda && runtime.world.distributed() && cudaDeviceCount() > 1)
        c10::cuda::set_device(static_cast<c10::DeviceIndex>(runtime.world.localRank % cudaDeviceCount()));
#endif
    return device;
}

std::string describeDevice(ComputeDevice device)
{
    if (device == ComputeDevice::Cuda) {
        const auto memory = deviceMemory(device);
        std::string text = memory.name;
        if (memory.totalBytes > 0)
            text += ", " + std::to_string((memory.totalBytes + (1 << 29)) >> 30) + " GB";
        return text;
    }
    const int threads = torch::get_num_threads();
    return "CPU, " + std::to_string(threads) + (threads == 1 ? " thread" : " threads");
}

std::string deviceChoiceName(DeviceChoice choice)
{
    switch (choice) {
    case DeviceChoice::Cpu: return "cpu";
    case DeviceChoice::Cuda: return "cuda";
    case DeviceChoice::Auto: break;
    }
    return "auto";
}

std::optional<DeviceChoice> deviceChoiceFromName(const std::string &name)
{
    for (auto choice : {DeviceChoice::Auto, DeviceChoice::Cpu, DeviceChoice::Cuda})
        if (deviceChoiceName(choice) == name)
            return choice;
    return std::nullopt;
}

std::string computeDeviceName(ComputeDevice device) { return device == ComputeDevice::Cuda ? "cuda" : "cpu"; }

DeviceMemory deviceMemory(ComputeDevice device)
{
    DeviceMemory m;
    if (device == ComputeDevice::Cuda) {
        m.name = "CUDA GPU";
#ifdef CYCLESTUDIO_CUDA_API
        size_t freeBytes = 0, totalBytes = 0;
        if (cudaMemGetInfo(&freeBytes, &totalBytes) == cudaSuccess) {
            m.availableBytes = static_cast<std::int64_t>(freeBytes);
            m.totalBytes = static_cast<std::int64_t>(totalBytes);
        }
        m.name = at::cuda::getCurrentDeviceProperties()->name;
#endif
        return m;
    }
    m.name = "CPU";
    m.availableBytes = availableCpuBytes(m.totalBytes);
    return m;
}

} // namespace engine
