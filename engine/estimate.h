#pragma once
// What a training run will cost, before it starts (design §1, journey 2): parameters, work per iteration
// counted from the architecture, time per iteration, and peak memory, with the memory the device has.
//
// Time: the counted work divided by the device's measured throughput on the model's own residual-block
// shape (a short forward+backward run, cached per shape and device), times a factor for everything that
// is not a convolution. Memory: weights, gradients and Adam state, plus the activations the generator
// step keeps for its backward pass, plus the runtime's own footprint; the two constants are fitted to the
// peak resident memory of `cyclestudio-cli bench` on the Debian CPU build (docs/PERFORMANCE.md).
// Estimates are within tens of percent, which is what the advice needs. No torch in this header.

#include "engine/options.h"

#include <cstdint>
#include <string>

namespace engine {

struct DeviceMemory
{
    std::int64_t totalBytes = 0;     // 0: unknown
    std::int64_t availableBytes = 0; // 0: unknown
    std::string name;                // "CPU" or the GPU's name
};

// "cpu" or "cuda" (as returned by selectDevice).
DeviceMemory deviceMemory(const std::string &device);

struct TrainingEstimate
{
    std::int64_t parameters = 0;       // all four networks
    double gflopPerIteration = 0;      // forward and backward, one training iteration
    double secondsPerIteration = 0;
    std::int64_t memoryBytes = 0;      // peak
    DeviceMemory device;
    std::string deviceKind;            // "cpu" or "cuda"
    bool fits() const { return device.availableBytes <= 0 || memoryBytes <= device.availableBytes * 9 / 10; }
};

// Counted work of one training iteration (no torch; exact for convolutions, which dominate).
double trainingGflop(const TrainOptions &options);
// Peak memory of training, from the architecture (no torch).
std::int64_t trainingMemoryBytes(const TrainOptions &options, std::int64_t parameters);

// Selects the device (and CPU threads) as training would, counts parameters, measures throughput.
// Takes up to a second the first time for a given shape and device. Throws engine::Error.
TrainingEstimate estimateTraining(const TrainOptions &options, const RuntimeOptions &runtime);

} // namespace engine
