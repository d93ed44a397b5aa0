// cyclestudio-cli bench and bench-video: timing lives here and in engine/training/benchmark, never in
// the tests.

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "engine/core/atomicfile.h"
#include "engine/core/imageio.h"
#include "engine/training/benchmark.h"
#include "engine/training/estimate.h"
#include "engine/translation/translator.h"
#include "engine/translation/video.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <random>

namespace fs = std::filesystem;

namespace cli {

namespace {

engine::BenchmarkOptions benchmarkOptionsFrom(const Arguments &a)
{
    engine::BenchmarkOptions o;
    o.size = a.intValue("--size", o.size);
    o.blocks = a.intValue("--blocks", o.blocks);
    o.ngf = a.intValue("--ngf", o.ngf);
    const auto runtime = runtimeFrom(a);
    o.threads = runtime.threads;
    o.device = runtime.device;
    o.iterations = static_cast<int>(a.boundedValue("--iterations", o.iterations, 1, 100000));
    o.warmup = static_cast<int>(a.boundedValue("--warmup", o.warmup, 0, 100000));
    o.fastUpsample = !a.has("--reference-upsample");
    o.fusedAdam = !a.has("--unfused-adam");
    o.winograd = !a.has("--direct-conv");
    o.winogradGemm = !a.has("--winograd-as-conv");
    o.wideVectors = !a.has("--baseline-vectors");
    o.foldedPadding = !a.has("--separate-padding");
    o.narrowConvolution = !a.has("--direct-narrow-conv");
    o.phaseUpsample = !a.has("--upsample-as-conv");
    o.keepFreedMemory = !a.has("--trim-memory");
    o.outOfPlaceNormActivations = !a.has("--inplace-norm-activation");
    o.batchedCriticPasses = !a.has("--separate-critic-passes");
    o.parallelLoops = !a.has("--serial-loops");
    const auto precision = engine::precisionFromName(a.value("--precision", "fp32"));
    if (!precision)
        throw UsageError("--precision must be fp32 or bf16.");
    o.precision = *precision;
    o.cudnnBenchmark = !a.has("--no-cudnn-benchmark");
    o.channelsLast = a.has("--channels-last");
    if (a.has("--cycle-weights"))
        o.cyclePyramidWeights = cycleWeights(a.value("--cycle-weights"));
    o.lambdaFeature = a.doubleValue("--lambda-feature", o.lambdaFeature);
    o.featureNetwork = a.value("--feature-network");
    if (!o.featureNetwork.empty() && o.lambdaFeature == 0)
        o.lambdaFeature = engine::kCustomLambdaFeature;
    o.freezeEncoder = a.has("--freeze-encoder");
    o.profile = a.has("--profile");
    o.freezeBlocks = a.intValue("--freeze-blocks", 0);
    o.domains = static_cast<int>(a.boundedValue("--domains", 0, 0, 16));
    o.batch = static_cast<int>(a.boundedValue("--batch", 1, 1, 256));
    if (o.domains == 1 || o.domains < 0 || o.batch < 1)
        throw UsageError("--domains needs at least 2 (multi-domain mode) and --batch at least 1.");
    return o;
}

// An operator's name for the profile table: the engine's own autograd functions' backward passes, which the
// profiler names "torch::autograd::CppNode<engine::(anonymous namespace)::WinogradConvolution>", as
// "WinogradConvolution (backward)", so that they stay apart within the column's width.
std::string profileName(const std::string &name)
{
    const std::string node = "torch::autograd::CppNode<";
    if (name.rfind(node, 0) != 0 || name.back() != '>')
        return name;
    const auto function = name.substr(node.size(), name.size() - node.size() - 1);
    const auto scope = function.rfind("::");
    return (scope == std::string::npos ? function : function.substr(scope + 2)) + " (backward)";
}

// The operators that took the most time, as a table (bench --profile).
void printProfile(const char *what, const std::vector<engine::ProfiledOp> &ops, double wall, std::size_t rows)
{
    double self = 0;
    for (const auto &op : ops)
        self += op.selfSeconds;
    std::printf("profile %s: %.1f ms a run under the profiler, %.1f ms in operators\n", what, wall * 1e3, self * 1e3);
    std::printf("  %-44s %10s %7s %8s %10s\n", "operator", "self ms", "self %", "calls", "total ms");
    for (std::size_t i = 0; i < std::min(rows, ops.size()); ++i)
        std::printf("  %-44s %10.2f %6.1f%% %8.1f %10.2f\n", profileName(ops[i].name).substr(0, 44).c_str(), ops[i].selfSeconds * 1e3,
                    self > 0 ? 100.0 * ops[i].selfSeconds / self : 0.0, ops[i].calls, ops[i].totalSeconds * 1e3);
}

int benchMultiDomain(const engine::BenchmarkOptions &o)
{
    const auto r = engine::runBenchmark(o, [](const std::string &m) { std::cerr << m << "\n"; });
    const auto device = engine::computeDeviceName(r.device);
    std::printf("train multidomain size=%d domains=%d batch=%d threads=%d sec_per_iter=%.4f min=%.4f device=%s\n", o.size, o.domains,
                o.batch, r.threads, r.secPerIteration, r.minSecPerIteration, device.c_str());
    std::printf("infer multidomain size=%d threads=%d sec_per_img=%.4f min=%.4f device=%s\n", o.size, r.threads, r.secPerImage,
                r.minSecPerImage, device.c_str());
    if (o.profile) {
        printProfile("train (one step)", r.trainProfile, r.trainProfiledSeconds, 15);
        printProfile("infer", r.inferProfile, r.inferProfiledSeconds, 10);
    }
    std::fflush(stdout);
    return 0;
}

// The estimate the window shows before Start, for the same settings, next to what was measured.
void printEstimate(const engine::BenchmarkOptions &o)
{
    engine::TrainOptions t;
    t.cropSize = o.size;
    t.loadSize = o.size;
    t.model.blocks = o.blocks;
    t.model.ngf = o.ngf;
    engine::RuntimeOptions rt;
    rt.device = o.device;
    rt.threads = o.threads;
    const auto e = engine::estimateTraining(t, rt);
    char buf[256];
    std::snprintf(buf, sizeof buf, "estimate size=%d blocks=%d sec_per_iter=%.4f memory_mb=%.0f gflop_per_iter=%.1f peak_rss_mb=%.0f\n",
                  o.size, o.blocks, e.secondsPerIteration, double(e.memoryBytes) / (1 << 20), e.gflopPerIteration,
                  peakResidentMegabytes());
    std::cout << buf;
}

} // namespace

int runBench(const std::vector<std::string> &args)
{
    const Arguments a(args,
                      {"--size", "--blocks", "--ngf", "--threads", "--iterations", "--warmup", "--device", "--cycle-weights",
                       "--lambda-feature", "--feature-network", "--domains", "--batch", "--freeze-blocks", "--precision"},
                      {}, {"--reference-upsample", "--unfused-adam", "--direct-conv", "--winograd-as-conv", "--baseline-vectors", "--separate-padding",
                         "--direct-narrow-conv", "--upsample-as-conv", "--trim-memory", "--inplace-norm-activation", "--separate-critic-passes", "--serial-loops", "--freeze-encoder", "--profile", "--no-cudnn-benchmark", "--channels-last"});
    if (!a.positional().empty())
        throw UsageError("bench takes no positional arguments.");
    const auto o = benchmarkOptionsFrom(a);
    if (o.domains > 0)
        return benchMultiDomain(o);
    if (o.size < 16 || o.size % 4 != 0 || o.blocks < 0 || o.ngf < 1 || o.iterations < 1 || o.warmup < 0)
        throw UsageError("bench needs --size a multiple of 4 (>= 16), --blocks >= 0, --ngf >= 1, --iterations >= 1.");
    const auto r = engine::runBenchmark(o, [](const std::string &m) { std::cerr << m << "\n"; });
    const auto device = engine::computeDeviceName(r.device);
    char buf[256];
    std::snprintf(buf, sizeof buf, "train size=%d blocks=%d threads=%d sec_per_iter=%.4f min=%.4f device=%s precision=%s\n", o.size,
                  o.blocks, r.threads, r.secPerIteration, r.minSecPerIteration, device.c_str(), engine::precisionName(o.precision).c_str());
    std::cout << buf;
    std::snprintf(buf, sizeof buf, "infer size=%d blocks=%d threads=%d sec_per_img=%.4f min=%.4f device=%s\n", o.size, o.blocks,
                  r.threads, r.secPerImage, r.minSecPerImage, device.c_str());
    std::cout << buf;
    printEstimate(o);
    if (o.profile) {
        std::cout.flush();
        printProfile("train", r.trainProfile, r.trainProfiledSeconds, 15);
        if (r.adamFusedSeconds > 0)
            std::printf("adam update (G and D): %.1f ms in one pass, %.1f ms as torch::optim::Adam::step\n", r.adamFusedSeconds * 1e3,
                        r.adamUnfusedSeconds * 1e3);
        printProfile("infer", r.inferProfile, r.inferProfiledSeconds, 10);
        std::fflush(stdout);
    }
    return 0;
}

int runBenchVideo(const std::vector<std::string> &args)
{
    const Arguments a(args, {"--project", "--model", "--direction", "--image", "--frames", "--noise", "--threads", "--device"});
    if (a.has("--project") == a.has("--model") || !a.has("--image"))
        throw UsageError("bench-video needs --image FILE and either --project DIR or --model FILE.");
    const int frames = static_cast<int>(a.boundedValue("--frames", 40, 2, 100000));
    const double noise = a.doubleValue("--noise", 3.0);
    if (noise < 0 || noise > 100)
        throw UsageError("--noise takes a number from 0 to 100.");
    const engine::ModelSource source = a.has("--project") ? engine::ModelSource(engine::ProjectModel{toPath(a.value("--project"))})
                                                          : engine::ModelSource(engine::ModelFile{toPath(a.value("--model"))});
    const auto translator = engine::openTranslator(source, directionFrom(a, a.has("--project")), runtimeFrom(a));

    // A still scene: the same picture in every frame plus Gaussian sensor noise, as from a tripod.
    const auto still = engine::loadImage(toPath(a.value("--image")));
    std::mt19937 rng(1);
    std::normal_distribution<double> gauss(0.0, noise);
    std::vector<engine::Image> video;
    for (int i = 0; i < frames; ++i) {
        engine::Image f = still;
        for (auto &v : f.rgb)
            v = static_cast<std::uint8_t>(std::clamp(v + gauss(rng), 0.0, 255.0));
        video.push_back(std::move(f));
    }
    const fs::path dir = fs::temp_directory_path() / ("cyclestudio-bench-video-" + std::to_string(std::random_device()()));
    fs::create_directories(dir);
    struct Remove
    {
        fs::path p;
        ~Remove()
        {
            std::error_code ec;
            fs::remove_all(p, ec);
        }
    } remove{dir};
    engine::writeVideo(dir / "still.avi", video, 25.0);
    std::cout << "input flicker=" << engine::meanConsecutiveDifference(video) << " (noise sigma " << noise << ")\n";
    for (double smoothing : {0.0, 0.5, 0.8}) {
        engine::VideoOptions o;
        o.smoothing = smoothing;
        const auto r = engine::translateVideo(*translator, dir / "still.avi", dir / "out.avi", o);
        char buf[200];
        std::snprintf(buf, sizeof buf, "video size=%dx%d frames=%lld smoothing=%.2f flicker=%.3f sec_per_frame=%.4f\n", still.width, still.height,
                      static_cast<long long>(r.frames), smoothing, r.meanFlicker, r.secondsPerFrame);
        std::cout << buf;
    }
    return 0;
}

} // namespace cli
