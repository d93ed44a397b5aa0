#pragma once
// Where the engine runs: the user's choice (automatic, CPU or CUDA), the device that choice resolves to,
// the CPU threads, and what the device has. Not saved with a project. No torch here.

#include "engine/distributed/world.h"

#include <cstdint>
#include <optional>
#include <string>

namespace engine {

enum class DeviceChoice { Auto, Cpu, Cuda };
enum class ComputeDevice { Cpu, Cuda };

struct RuntimeOptions
{
    DeviceChoice device = DeviceChoice::Auto;
    int threads = 0; // CPU intra-op threads; 0 = all cores
    // On a CUDA GPU: cuDNN tries its convolution algorithms once per shape and keeps the fastest (on by
    // default), and the networks may run in channels-last layout (off: slower at batch 1 on an H200,
    // docs/PERFORMANCE.md). Switches for comparisons.
    bool cudnnBenchmark = true;
    bool channelsLast = false;
    // Memory the engine frees stays with the process while it works, so the next training step or image
    // reuses it instead of having the system map and zero it again; releaseFreeMemory() gives it back.
    // Off: the C library returns large free stretches as soon as they appear (for comparisons).
    bool keepFreedMemory = true;
    // The processes this one trains with (one process unless a launcher says otherwise).
    WorldOptions world;
};

// The most CPU threads a run may ask for: far more than any machine has cores is a mistake, and LibTorch
// would create them all. At least 256, or four per core.
int maxThreads();

// Resolves the choice (Auto: CUDA when available) and sets LibTorch's CPU threads (0 = all cores;
// Debian's LibTorch otherwise starts with one). Throws engine::Error when CUDA is asked for and missing,
// or the threads are out of range.
ComputeDevice selectDevice(const RuntimeOptions &runtime);
bool cudaAvailable();
int cudaDeviceCount(); // 0 without CUDA

// Gives memory the engine has freed back to the system: call when a run (training, an export) ends and
// its tensors are gone, so an idle application does not hold a training step's worth of memory.
void releaseFreeMemory();

// "CPU, 2 threads", or the GPU's name and memory.
std::string describeDevice(ComputeDevice device);

// Names as typed on the command line: auto, cpu, cuda.
std::string deviceChoiceName(DeviceChoice choice);
std::optional<DeviceChoice> deviceChoiceFromName(const std::string &name);
std::string computeDeviceName(ComputeDevice device); // cpu, cuda

struct DeviceMemory
{
    std::int64_t totalBytes = 0;     // 0: unknown
    std::int64_t availableBytes = 0; // 0: unknown
    std::string name;                // "CPU" or the GPU's name
};
DeviceMemory deviceMemory(ComputeDevice device);

} // namespace engine
