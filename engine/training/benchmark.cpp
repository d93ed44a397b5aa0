#include "engine/training/benchmark.h"

#include "models/cyclegan.h"
#include "models/fusedadam.h"
#include "models/narrowconv.h"
#include "models/stargan.h"
#include "models/transposedconv.h"
#include "core/gpu.h"
#include "core/parallel.h"
#include "core/tensorimage.h"

#include <torch/csrc/autograd/profiler_legacy.h>

#include <algorithm>
#include <chrono>
#include <map>

namespace engine {

namespace {
template<typename Fn>
std::pair<double, double> timeMedian(int warmup, int iterations, Fn &&fn)
{
    std::vector<double> times;
    for (int i = 0; i < warmup + iterations; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (i >= warmup)
            times.push_back(dt);
    }
    std::sort(times.begin(), times.end());
    return {times[times.size() / 2], times.front()};
}
// Runs fn `runs` times under LibTorch's (legacy, CPU) profiler and sums each operator's time from its
// push and pop events, per run; returns the operators by self time and the wall time of a run.
template<typename Fn>
std::pair<std::vector<ProfiledOp>, double> profileRuns(int runs, Fn &&fn)
{
    namespace profiler = torch::autograd::profiler;
    profiler::enableProfilerLegacy(torch::profiler::impl::ProfilerConfig(torch::profiler::impl::ProfilerState::CPU));
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < runs; ++i)
        fn();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / runs;
    const auto threads = profiler::disableProfilerLegacy();
    std::map<std::string, ProfiledOp> byName;
    for (const auto &events : threads) {
        std::vector<std::pair<const profiler::LegacyEvent *, double>> open; // an operator, and its children's time
        for (const auto &e : events) {
            if (e.kind() == profiler::EventKind::PushRange) {
                open.emplace_back(&e, 0.0);
            } else if (e.kind() == profiler::EventKind::PopRange && !open.empty()) {
                const auto [start, children] = open.back();
                open.pop_back();
                const double total = start->cpuElapsedUs(e) * 1e-6;
                auto &op = byName[start->name()];
                op.name = start->name();
                op.calls += 1.0 / runs;
                op.selfSeconds += (total - children) / runs;
                op.totalSeconds += total / runs;
                if (!open.empty())
                    open.back().second += total;
            }
        }
    }
    std::vector<ProfiledOp> ops;
    for (auto &[name, op] : byName)
        ops.push_back(std::move(op));
    std::sort(ops.begin(), ops.end(), [](const ProfiledOp &a, const ProfiledOp &b) { return a.selfSeconds > b.selfSeconds; });
    return {ops, wall};
}

// bench --profile: profiles `infer` (under the caller's no-grad guard) and one training `step`, in that order.
template<typename Infer, typename Step>
void profileInferenceAndStep(const BenchmarkOptions &o, BenchmarkResult &r, const std::function<void(const std::string &)> &log,
                             Infer &&infer, Step &&step)
{
    if (log)
        log("profiling...");
    std::tie(r.inferProfile, r.inferProfiledSeconds) = profileRuns(std::max(1, o.iterations), infer);
    torch::AutoGradMode enableGrad(true);
    std::tie(r.trainProfile, r.trainProfiledSeconds) = profileRuns(std::max(1, o.iterations), step);
}

BenchmarkResult runMultiDomainBenchmark(const BenchmarkOptions &o, BenchmarkResult r, const std::function<void(const std::string &)> &log)
{
    MultiDomainOptions options;
    options.imageSize = o.size;
    options.gRepeat = o.blocks;
    options.gConvDim = options.dConvDim = o.ngf;
    options.batchSize = o.batch;
    while ((o.size >> options.dRepeat) < 1) // fewer stride-2 layers than the paper's 6 for images under 64 px
        --options.dRepeat;
    const auto device = torchDevice(r.device);
    StarGanModel model(options, o.domains, device, 0);
    const auto x = torch::rand({o.batch, 3, o.size, o.size}).to(device) * 2 - 1;
    const auto labels = torch::arange(o.batch, torch::kLong) % o.domains;
    auto sync = [&] {
        if (device.is_cuda())
            torch::cuda::synchronize();
    };
    if (log)
        log("timing training iterations (blocks of n_critic = " + std::to_string(options.nCritic) + ")...");
    std::tie(r.secPerIteration, r.minSecPerIteration) = timeMedian(o.warmup, std::max(1, o.iterations), [&] {
        for (int i = 0; i < options.nCritic; ++i)
            model.step(x, labels);
        sync();
    });
    r.secPerIteration /= options.nCritic;
    r.minSecPerIteration /= options.nCritic;
    if (log)
        log("timing inference...");
    torch::NoGradGuard noGrad;
    const auto one = x.narrow(0, 0, 1);
    const auto target = torch::zeros({1}, torch::kLong).to(device);
    std::tie(r.secPerImage, r.minSecPerImage) = timeMedian(o.warmup, std::max(1, o.iterations), [&] {
        model.G->forward(one, target);
        sync();
    });
    if (o.profile) {
        profileInferenceAndStep(
            o, r, log,
            [&] {
                model.G->forward(one, target);
                sync();
            },
            [&] { // one step, not a block of n_critic
                model.step(x, labels);
                sync();
            });
    }
    return r;
}

} // namespace

BenchmarkResult runBenchmark(const BenchmarkOptions &o, const std::function<void(const std::string &)> &log)
{
    RuntimeOptions runtime;
    runtime.device = o.device;
    runtime.threads = o.threads;
    runtime.cudnnBenchmark = o.cudnnBenchmark;
    runtime.channelsLast = o.channelsLast;
    runtime.keepFreedMemory = o.keepFreedMemory;
    BenchmarkResult r;
    setFusedAdam(o.fusedAdam); // a benchmark run is its own process
    setWinogradConvolution(o.winograd);
    setWinogradDirectGemm(o.winogradGemm);
    setWinogradWideVectors(o.wideVectors);
    setWinogradFoldedPadding(o.foldedPadding);
    setNarrowConvolution(o.narrowConvolution);
    setPhaseTransposedConvolution(o.phaseUpsample);
    setOutOfPlaceNormActivations(o.outOfPlaceNormActivations);
    setBatchedCriticPasses(o.batchedCriticPasses);
    setParallelLoops(o.parallelLoops);
    r.device = selectDevice(runtime);
    r.threads = torch::get_num_threads();
    if (log && r.device == ComputeDevice::Cpu)
        log("the engine's own loops run on " + std::to_string(parallelLoopThreads()) + " of " + std::to_string(r.threads) + " threads");
    if (o.domains > 0)
        return runMultiDomainBenchmark(o, r, log);
    TrainOptions options;
    options.cropSize = o.size;
    options.model.blocks = o.blocks;
    options.model.ngf = o.ngf;
    options.cyclePyramidWeights = o.cyclePyramidWeights;
    options.lambdaFeature = o.lambdaFeature;
    options.featureNetwork = o.featureNetwork;
    options.freezeEncoder = o.freezeEncoder;
    options.freezeBlocks = o.freezeBlocks;
    options.precision = o.precision;
    validate(options);
    const auto device = torchDevice(r.device);
    CycleGanModel model(options, device, 0);
    model.G_A->fastUpsample = model.G_B->fastUpsample = o.fastUpsample;
    const auto x = toDevice(torch::randn({1, 3, o.size, o.size}), device);
    const auto y = toDevice(torch::randn({1, 3, o.size, o.size}), device);
    auto sync = [&] {
        if (device.is_cuda())
            torch::cuda::synchronize();
    };
    if (log)
        log("timing training iterations...");
    std::tie(r.secPerIteration, r.minSecPerIteration) = timeMedian(o.warmup, std::max(1, o.iterations), [&] {
        model.step(x, y);
        sync();
    });
    if (log)
        log("timing inference...");
    torch::NoGradGuard noGrad;
    std::tie(r.secPerImage, r.minSecPerImage) = timeMedian(o.warmup, std::max(1, o.iterations), [&] {
        model.G_A->forward(x);
        sync();
    });
    if (o.profile) {
        profileInferenceAndStep(
            o, r, log,
            [&] {
                model.G_A->forward(x);
                sync();
            },
            [&] {
                model.step(x, y);
                sync();
            });
        if (device.is_cpu()) { // the gradients of the last step are still there
            const bool wasFused = fusedAdam();
            for (const bool fused : {true, false}) {
                setFusedAdam(fused);
                (fused ? r.adamFusedSeconds : r.adamUnfusedSeconds) = timeMedian(1, 9, [&] {
                    adamStep(*model.optimizerG);
                    adamStep(*model.optimizerD);
                }).first;
            }
            setFusedAdam(wasFused);
        }
    }
    return r;
}

} // namespace engine
