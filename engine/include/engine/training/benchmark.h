#pragma once
// The training and inference benchmark behind `cyclestudio-cli bench`: one full training iteration exactly
// as in training (CycleGanModel::step on random 1-image batches, or StarGanModel::step) and one generator forward pass, timed
// after warm-up; the median is reported. Timing lives here, never in tests.

#include "engine/core/device.h"
#include "engine/project/options.h"

#include <functional>
#include <string>
#include <vector>

namespace engine {

struct BenchmarkOptions
{
    int size = 128;
    int blocks = 6;
    int ngf = 64;
    int threads = 0;     // 0 = all cores
    int iterations = 5;  // timed
    int warmup = 2;
    DeviceChoice device = DeviceChoice::Auto;
    bool fastUpsample = true;
    bool fusedAdam = true; // Adam's update in one pass (off: torch::optim::Adam::step, for an A/B run)
    bool winograd = true;  // the residual blocks' 3×3 convolutions by Winograd's method (off: LibTorch's direct ones)
    bool winogradGemm = true; // its products as plain GEMMs where oneDNN's sgemm is at hand (off: 1×1 convolutions)
    bool wideVectors = true;  // its transforms in AVX2 or AVX-512 where the processor has them (off: the baseline build's)
    bool foldedPadding = true; // the blocks' reflection padding read by its input transform (off: padded first)
    bool narrowConvolution = true; // the generator's last 7×7 convolution as GEMMs and shifted sums (off: LibTorch's)
    bool phaseUpsample = true; // the upsampling layers as GEMMs over the kernel's nine taps (off: one 2×2 convolution with zero taps)
    bool outOfPlaceNormActivations = true; // ReLUs after instance norms out of place while training (off: in place)
    bool batchedCriticPasses = true;       // multi-domain: real and generated images through the critic in one batch
    bool parallelLoops = true; // the engine's own loops on LibTorch's threads (off: on the calling thread, as without OpenMP)
    // On a CUDA GPU (RuntimeOptions): mixed precision for the training step, and the switches for A/B runs.
    Precision precision = Precision::Fp32;
    bool cudnnBenchmark = true;
    bool channelsLast = false;
    bool keepFreedMemory = true; // RuntimeOptions: no heap trimming between steps (off: glibc's 512 MiB threshold)
    std::vector<double> cyclePyramidWeights{1.0}; // the optional cycle losses (TrainOptions)
    double lambdaFeature = 0;
    std::string featureNetwork;
    bool freezeEncoder = false; // fine-tuning: frozen parts of both generators
    int freezeBlocks = 0;
    // Multi-domain (StarGAN) mode when above 0: that many domains, the paper's networks at `size` with
    // `batch` images; an iteration is then the average over n_critic steps (n_critic - 1 discriminator
    // updates and one discriminator + generator update).
    int domains = 0;
    int batch = 1;
    // Also profile the two-domain training step and translation with LibTorch's profiler (a few extra
    // runs after the timed ones, so the timings above are not slowed by it).
    bool profile = false;
};

// One operator in a profile: per training iteration (or per translated image), averaged over the
// profiled runs. Self time excludes the operators it called; total time includes them.
struct ProfiledOp
{
    std::string name;
    double calls = 0;
    double selfSeconds = 0, totalSeconds = 0;
};

struct BenchmarkResult
{
    int threads = 0;
    double secPerIteration = 0, minSecPerIteration = 0;
    double secPerImage = 0, minSecPerImage = 0;
    ComputeDevice device = ComputeDevice::Cpu;
    // With BenchmarkOptions::profile: every operator, by self time, largest first; and the wall time of
    // one profiled run, which the self times add up to (less what runs outside any operator).
    std::vector<ProfiledOp> trainProfile, inferProfile;
    double trainProfiledSeconds = 0, inferProfiledSeconds = 0;
    // With profile, on a CPU: one Adam update of both optimisers (G and D), in one pass and as
    // torch::optim::Adam::step does it (medians), since the profiler sees only LibTorch's operators.
    double adamFusedSeconds = 0, adamUnfusedSeconds = 0;
};

BenchmarkResult runBenchmark(const BenchmarkOptions &options, const std::function<void(const std::string &)> &log = {});

} // namespace engine
