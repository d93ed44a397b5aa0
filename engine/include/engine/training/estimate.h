#pragma once
// What a training run will cost, before it starts: parameters, work per iteration
// counted from the architecture, time per iteration, and peak memory, with the memory the device has.
//
// Time: the counted work divided by the device's measured throughput on the model's own residual-block
// shape (the fastest of a few forward+backward runs, cached per shape and device), with the work outside
// the blocks weighted by a factor (larger where the blocks run by Winograd's method, which multiplies less
// than is counted). On a CUDA GPU, a few real training iterations of the model are timed instead
// (a second or so, after cuDNN's warm-up), since the counted work says little about a GPU's speed on
// small layers. Memory: weights, gradients and Adam state, plus the activations the generator
// step keeps for its backward pass, plus the runtime's own footprint, plus on a CPU the residual blocks'
// transformed kernels where they run by Winograd's method; the two constants are fitted to the
// peak resident memory of `cyclestudio-cli bench` on the Debian CPU build (docs/PERFORMANCE.md); on a GPU
// the CUDA context's share is added.
// Estimates are within tens of percent, which is what the advice needs. No torch in this header.

#include "engine/core/device.h"
#include "engine/project/options.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace engine {

struct TrainingEstimate
{
    std::int64_t parameters = 0;       // all four networks
    double gflopPerIteration = 0;      // forward and backward, one training iteration
    double secondsPerIteration = 0;
    std::int64_t memoryBytes = 0;      // peak
    DeviceMemory device;
    ComputeDevice deviceKind = ComputeDevice::Cpu;
    bool fits() const { return device.availableBytes <= 0 || memoryBytes <= device.availableBytes * 9 / 10; }
};

// The iterations of the whole schedule for domains of these sizes.
std::int64_t scheduledIterations(const TrainOptions &options, std::size_t imagesA, std::size_t imagesB);

// Counted work of one training iteration (no torch; exact for convolutions, which dominate).
double trainingGflop(const TrainOptions &options);
// The generators' residual blocks' part of it.
double residualBlockGflop(const TrainOptions &options);
// Peak memory of training, from the architecture (no torch).
std::int64_t trainingMemoryBytes(const TrainOptions &options, std::int64_t parameters);

// Selects the device (and CPU threads) as training would, counts parameters, measures throughput.
// Takes up to a second the first time for a given shape and device. Throws engine::Error.
TrainingEstimate estimateTraining(const TrainOptions &options, const RuntimeOptions &runtime);

} // namespace engine
