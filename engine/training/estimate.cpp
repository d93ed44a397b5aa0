#include "engine/training/estimate.h"

#include "engine/core/error.h"
#include "models/cyclegan.h"
#include "models/networks.h"
#include "models/winograd.h"
#include "core/tensorimage.h"
#include "data/sampler.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <mutex>
#include <tuple>


namespace engine {

namespace {

// Fitted to the peak resident memory of `cyclestudio-cli bench` at 96, 128 and 256 px (PERFORMANCE.md).
constexpr double kSavedTensorsPerLayer = 3.85; // activations kept per layer output (conv, norm, ReLU…)
constexpr std::int64_t kRuntimeBytes = 200ll << 20;
// Time per counted GFLOP, against a residual block's measured on the model's shape (fitted to `bench`'s
// fastest iterations at the same three sizes). With the blocks by direct convolution all counted work
// runs at about 0.8 of a pure block's throughput (norms, padding, losses, Adam). By Winograd's method the
// blocks multiply a quarter of what is counted, and the rest of the network (the 7 × 7, strided and
// upsampling layers, the discriminators) takes about 3.5 times a block's time per counted GFLOP.
constexpr double kDirectBlocksFactor = 1.25;
constexpr double kWinogradOthersFactor = 3.5;
// What the CUDA runtime itself takes on the GPU (context, cuDNN and cuBLAS handles and workspaces).
constexpr std::int64_t kCudaContextBytes = 600ll << 20;

double sq(double x) { return x * x; }

// Multiply-accumulates of a generator's residual blocks on one image of side s.
double residualBlockMacs(const ModelOptions &m, double s) { return m.blocks * 2 * sq(4.0 * m.ngf) * 9 * sq(s / 4); }

// Multiply-accumulates of one generator pass on one image of side s.
double generatorMacs(const ModelOptions &m, double s)
{
    const double n = m.ngf, in = m.inputChannels, out = m.outputChannels;
    return in * n * 49 * sq(s)                          // c7s1-ngf
           + n * 2 * n * 9 * sq(s / 2)                  // d2ngf
           + 2 * n * 4 * n * 9 * sq(s / 4)              // d4ngf
           + residualBlockMacs(m, s)
           + 4 * n * 2 * n * 9 * sq(s / 4)              // u2ngf (transposed: per input pixel)
           + 2 * n * n * 9 * sq(s / 2)                  // ungf
           + n * out * 49 * sq(s);                      // c7s1-3
}

double discriminatorMacs(const ModelOptions &m, double s)
{
    double macs = 0, c = m.inputChannels, side = s;
    for (int i = 0; i < m.discriminatorLayers; ++i) {
        const double next = m.ndf * std::min(1 << i, 8);
        side /= 2;
        macs += c * next * 16 * sq(side);
        c = next;
    }
    const double next = m.ndf * std::min(1 << m.discriminatorLayers, 8);
    macs += c * next * 16 * sq(side - 1) + next * 16 * sq(side - 2);
    return macs;
}

// Floats of the layer outputs of one generator / discriminator pass on one image.
double generatorActivations(const ModelOptions &m, double s)
{
    const double n = m.ngf;
    return 2 * n * sq(s) + 2 * 2 * n * sq(s / 2) + (1 + 2 * m.blocks) * 4 * n * sq(s / 4) + m.outputChannels * sq(s);
}

double discriminatorActivations(const ModelOptions &m, double s)
{
    double floats = 0, side = s;
    for (int i = 0; i <= m.discriminatorLayers; ++i) {
        side = i < m.discriminatorLayers ? side / 2 : side - 1;
        floats += m.ndf * std::min(1 << i, 8) * sq(side);
    }
    return floats;
}

// Whether training runs the residual blocks' convolutions by Winograd's method (models/winograd.h): the
// test the blocks make, on tensors of their shape.
bool blocksByWinograd(const TrainOptions &o, ComputeDevice device)
{
    if (device != ComputeDevice::Cpu || o.model.blocks == 0)
        return false;
    torch::AutoGradMode recording(true); // as in training, whatever the caller's mode
    const std::int64_t channels = 4 * o.model.ngf, side = std::max(1, o.cropSize / 4);
    const auto input = torch::empty({1, channels, side, side}).requires_grad_(true);
    const auto weight = torch::empty({channels, channels, 3, 3}).requires_grad_(true);
    return winogradWorthwhile(input, weight, torch::empty({channels}).requires_grad_(true));
}

// Their transformed kernels, 36 numbers for each 3×3 kernel's 9, kept by each block convolution of both
// generators.
std::int64_t winogradKernelBytes(const ModelOptions &m)
{
    const std::int64_t channels = 4 * m.ngf;
    return std::int64_t(2 /* generators */) * 2 * m.blocks * 36 * channels * channels * std::int64_t(sizeof(float));
}

std::int64_t countAllParameters(const ModelOptions &m)
{
    torch::NoGradGuard noGrad;
    ResnetGenerator g(m);
    PatchDiscriminator d(m);
    return 2 * (countParameters(*g) + countParameters(*d));
}

// Seconds per counted GFLOP of a residual block (pad, conv, norm, ReLU twice) forward and backward, at
// the model's shape and batch, measured once per (device, threads, shape).
double secondsPerGflop(const TrainOptions &o, ComputeDevice device)
{
    static std::mutex mutex;
    static std::map<std::tuple<ComputeDevice, int, int, int, int>, double> cache;
    const int channels = 4 * o.model.ngf, side = std::max(4, o.cropSize / 4), batch = 3 * o.batchSize;
    const auto key = std::make_tuple(device, torch::get_num_threads(), channels, side, batch);
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = cache.find(key); it != cache.end())
        return it->second;

    ResnetBlock block(channels);
    block->to(torchDevice(device));
    auto x = torch::randn({batch, channels, side, side}, torchDevice(device)).requires_grad_(true);
    auto run = [&] {
        block->zero_grad();
        auto y = block->forward(x);
        y.sum().backward();
        if (device == ComputeDevice::Cuda)
            torch::cuda::synchronize();
    };
    run(); // warm-up: allocations, kernel selection
    const double gflop = 3.0 * 2 * (2.0 * channels * channels * 9 * side * side) * batch / 1e9; // fwd + 2× bwd
    // The fastest run: other programs and a shared machine's neighbours only ever slow a run down, and the
    // estimate should not carry one busy moment into every iteration it predicts.
    int reps = 0;
    const auto start = std::chrono::steady_clock::now();
    double fastest = std::numeric_limits<double>::infinity();
    for (double elapsed = 0; reps < 2 || (elapsed < 0.3 && reps < 20); ++reps) {
        const auto t0 = std::chrono::steady_clock::now();
        run();
        const auto t1 = std::chrono::steady_clock::now();
        fastest = std::min(fastest, std::chrono::duration<double>(t1 - t0).count());
        elapsed = std::chrono::duration<double>(t1 - start).count();
    }
    const double value = fastest / gflop;
    cache.emplace(key, value);
    return value;
}

// On a GPU the step is timed itself: a few real training iterations of the model at its size, batch
// and precision, after warm-up (cuDNN's algorithm search, the allocator's first blocks). The counted
// FLOPs say little there, where small layers leave most of the chip idle.
double measuredGpuStep(const TrainOptions &o)
{
    static std::mutex mutex;
    static std::map<std::string, double> cache;
    const std::string key = nlohmann::json(o).dump();
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = cache.find(key); it != cache.end())
        return it->second;
    const torch::Device device(torch::kCUDA);
    CycleGanModel model(o, device, 0);
    const auto x = torch::randn({o.batchSize, 3, o.cropSize, o.cropSize});
    const auto y = torch::randn({o.batchSize, 3, o.cropSize, o.cropSize});
    for (int i = 0; i < 3; ++i)
        model.step(x, y);
    torch::cuda::synchronize();
    constexpr int kTimed = 5;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kTimed; ++i)
        model.step(x, y);
    torch::cuda::synchronize();
    const double value = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / kTimed;
    cache.emplace(key, value);
    return value;
}

} // namespace

std::int64_t scheduledIterations(const TrainOptions &o, std::size_t imagesA, std::size_t imagesB)
{
    return UnalignedSampler::iterationsPerEpoch(std::max<std::size_t>(1, imagesA), std::max<std::size_t>(1, imagesB), o.batchSize) *
           (o.epochs + o.epochsDecay);
}

namespace {

// GFLOP of one training iteration whose generator and discriminator passes each do these multiply-accumulates
// per image: six generator passes (fake, reconstruction and identity per direction), backward about twice the
// forward; the discriminators run forward+backward twice in the G step (input gradients only) and on real and
// fake images in the D step.
double iterationGflop(const TrainOptions &o, double generatorPassMacs, double discriminatorPassMacs)
{
    return 2 * (6 * 3 * generatorPassMacs + (2 * 2 + 4 * 3) * discriminatorPassMacs) * o.batchSize / 1e9;
}

} // namespace

double trainingGflop(const TrainOptions &o)
{
    return iterationGflop(o, generatorMacs(o.model, o.cropSize), discriminatorMacs(o.model, o.cropSize));
}

double residualBlockGflop(const TrainOptions &o) { return iterationGflop(o, residualBlockMacs(o.model, o.cropSize), 0); }

std::int64_t trainingMemoryBytes(const TrainOptions &o, std::int64_t parameters)
{
    const double s = o.cropSize;
    // The generator step holds the graph of six generator and two discriminator passes.
    const double activations = (6 * generatorActivations(o.model, s) + 2 * discriminatorActivations(o.model, s)) * o.batchSize;
    const double bytes = 4 * kSavedTensorsPerLayer * activations + 16.0 * static_cast<double>(parameters) /* weights, grads, Adam m and v */;
    return static_cast<std::int64_t>(bytes) + kRuntimeBytes;
}

TrainingEstimate estimateTraining(const TrainOptions &options, const RuntimeOptions &runtime)
{
    validate(options);
    TrainingEstimate e;
    e.deviceKind = selectDevice(runtime);
    e.device = deviceMemory(e.deviceKind);
    e.parameters = countAllParameters(options.model);
    e.gflopPerIteration = trainingGflop(options);
    const bool winograd = blocksByWinograd(options, e.deviceKind);
    e.memoryBytes = trainingMemoryBytes(options, e.parameters) + (winograd ? winogradKernelBytes(options.model) : 0);
    if (e.deviceKind == ComputeDevice::Cuda)
        e.memoryBytes += kCudaContextBytes;
    try {
        if (e.deviceKind == ComputeDevice::Cuda) {
            e.secondsPerIteration = measuredGpuStep(options);
        } else {
            const double blocks = residualBlockGflop(options), perGflop = secondsPerGflop(options, e.deviceKind);
            e.secondsPerIteration = winograd ? perGflop * (blocks + kWinogradOthersFactor * (e.gflopPerIteration - blocks))
                                             : perGflop * kDirectBlocksFactor * e.gflopPerIteration;
        }
    } catch (const c10::Error &) {
        e.secondsPerIteration = 0; // out of memory while measuring: the memory advice says enough
    }
    return e;
}

} // namespace engine
