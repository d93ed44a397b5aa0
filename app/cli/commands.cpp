#include "app/cli/commands.h"

#include "app/cli/arguments.h"
#include "engine/atomicfile.h"
#include "engine/benchmark.h"
#include "engine/checkpoint.h"
#include "engine/cyclegan.h"
#include "engine/error.h"
#include "engine/estimate.h"
#include "engine/finetune.h"
#include "engine/imageio.h"
#include "engine/multidomain.h"
#include "engine/stargan.h"
#include "engine/networks.h"
#include "engine/project.h"
#include "engine/trainer.h"
#include "engine/translator.h"
#include "engine/video.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <cmath>
#include <memory>
#include <cstdio>
#include <iostream>
#include <random>
#include <sstream>
#include <cstdlib>

namespace fs = std::filesystem;
using engine::Error;

#ifdef __linux__
#include <sys/resource.h>
#endif

namespace cli {

std::atomic<bool> g_interrupted{false};

namespace {

fs::path toPath(const std::string &s) { return fs::u8path(s); }

std::string formatDuration(double seconds)
{
    if (seconds < 0)
        return "?";
    const long long s = static_cast<long long>(seconds + 0.5);
    char buf[64];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, (s / 60) % 60);
    else if (s >= 60)
        std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%llds", s);
    return buf;
}

engine::RuntimeOptions runtimeFrom(const Arguments &a)
{
    engine::RuntimeOptions rt;
    rt.device = a.value("--device", "auto");
    if (rt.device != "auto" && rt.device != "cpu" && rt.device != "cuda")
        throw UsageError("--device must be auto, cpu or cuda.");
    rt.threads = a.intValue("--threads", 0);
    if (rt.threads < 0)
        throw UsageError("--threads must not be negative.");
    return rt;
}

engine::Direction directionFrom(const Arguments &a, bool required)
{
    if (!a.has("--direction")) {
        if (required)
            throw UsageError("Give --direction AtoB or --direction BtoA.");
        return engine::Direction::AtoB;
    }
    const auto d = engine::directionFromName(a.value("--direction"));
    if (!d)
        throw UsageError("--direction must be AtoB or BtoA.");
    return *d;
}

// "1,0.5,0.25" → {1, 0.5, 0.25}: the multi-scale cycle loss's weight per pyramid level, finest first.
std::vector<double> cycleWeights(const std::string &text)
{
    std::vector<double> weights;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        char *end = nullptr;
        const double w = std::strtod(item.c_str(), &end);
        if (item.empty() || *end != '\0')
            throw UsageError("--cycle-weights takes comma-separated numbers, one per pyramid level (finest first), for example 1,1,1.");
        weights.push_back(w);
    }
    if (weights.empty())
        throw UsageError("--cycle-weights needs at least one number.");
    return weights;
}

void printSettings(const engine::TrainOptions &o)
{
    std::cout << "size=" << o.cropSize << " load_size=" << o.loadSize << " ngf=" << o.model.ngf << " ndf=" << o.model.ndf
              << " blocks=" << o.model.blocks << " batch=" << o.batchSize << " epochs=" << o.epochs << "+" << o.epochsDecay
              << " lambda_cycle=" << o.lambdaA << " lambda_identity=" << o.lambdaIdentity
              << " gan_mode=" << engine::ganModeName(o.ganMode) << " seed=" << o.seed << " lr=" << o.lr << "\n";
    if (o.multiScaleCycle() || o.featureCycle()) {
        std::cout << "cycle_pyramid_weights=";
        for (size_t i = 0; i < o.cyclePyramidWeights.size(); ++i)
            std::cout << (i ? "," : "") << o.cyclePyramidWeights[i];
        std::cout << " lambda_feature=" << o.lambdaFeature
                  << " features=" << (o.featureCycle() ? (o.featureNetwork.empty() ? "discriminator" : o.featureNetwork) : "off") << "\n";
    }
    if (!o.fineTunedFrom.empty())
        std::cout << "fine_tuned_from=" << o.fineTunedFrom << " frozen=\"" << engine::describeFrozen(o) << "\"\n";
}

} // namespace

std::string usage()
{
    return R"(Usage: cyclestudio-cli COMMAND [OPTIONS]

Train and use unpaired image-to-image translation (CycleGAN) models.

Commands:
  new DIR --domain-a PATH... --domain-b PATH... [--preset sketch|quick|standard|custom]
          [--size N] [--load-size N] [--blocks N] [--ngf N] [--ndf N] [--batch N]
          [--epochs N] [--epochs-decay N] [--lambda-cycle X] [--lambda-identity X]
          [--gan-mode lsgan|vanilla] [--seed N] [--preview-every N] [--checkpoint-every N]
          [--cycle-weights W1,W2,...] [--lambda-feature X] [--feature-network FILE.pt]
      Create a project. Without --preset the device decides (GPU: standard, CPU: sketch).
      --cycle-weights: multi-scale cycle loss over a Laplacian pyramid, one weight per level,
      finest first (1 = the paper's plain L1; custom preset: 1,1,1). --lambda-feature: feature-space
      cycle loss on the discriminators' features (custom preset: 1), or on a TorchScript network's
      with --feature-network.
  new DIR --from (PROJECT | MODEL.csm) --domain-a PATH... --domain-b PATH...
          [--freeze-encoder] [--freeze-blocks N] [--lr X] [--epochs N] [--epochs-decay N]
      Fine-tune: start from a trained project or model file (its architecture and losses), with a
      new learning rate (default 1e-4) and schedule (default 10 + 10 epochs); frozen parts of both
      generators keep their weights.
  new DIR --mode multidomain --domain NAME=PATH --domain NAME=PATH... [--size N] [--ngf N]
          [--ndf N] [--blocks N] [--d-layers N] [--batch N] [--epochs N] [--epochs-decay N]
          [--n-critic N] [--lr X] [--seed N] [--preview-every N] [--checkpoint-every N]
      Create a multi-domain (StarGAN) project with two or more named domains; defaults are the
      paper's (128 px, batch 16, n_critic 5, lr 1e-4, 10 + 10 epochs). Repeat a NAME to give a
      domain several folders.
  train DIR [--iterations N] [--threads N] [--device auto|cpu|cuda]
      Train N more iterations (default: to the end of the schedule), continuing from the
      latest checkpoint. Ctrl-C stops after the current iteration and saves a checkpoint.
  export-model DIR --direction AtoB|BtoA -o FILE
      Write the generator of one direction to a small model file for sharing.
  translate (--project DIR | --model FILE) [--direction AtoB|BtoA] -o OUTDIR
            [--format png|jpg|...] [--threads N] [--device ...] INPUT...
      Translate image files or folders (subfolders and names are mirrored in OUTDIR).
  translate --project MULTIDOMAIN_DIR --to NAME -o OUTDIR [--format ...] INPUT...
      Translate images into the named domain of a multi-domain project.
  translate (--project DIR | --model FILE) [--smooth 0..0.95] -o OUT.mp4 INPUT.mp4
      Translate a video (mp4, mov, avi, mkv, webm) frame by frame at its size and frame rate.
      --smooth reduces flicker in still parts of the picture. Audio is not carried over.
  info (DIR | FILE)
      Print a project's or model file's settings and parameter counts.
  bench --size N --blocks N [--ngf N] [--threads N] [--iterations K] [--device ...]
        [--cycle-weights W1,W2,...] [--lambda-feature X] [--feature-network FILE.pt]
        [--freeze-encoder] [--freeze-blocks N] [--domains N --batch B]
      Time one training iteration and one translation (median after warm-up), optionally with
      the multi-scale or feature-space cycle loss, with fine-tuning's frozen layers, or of the
      multi-domain (StarGAN) model for N
      domains (an iteration averaged over n_critic steps; defaults --blocks 6 --ngf 64 there too).
  bench-video (--project DIR | --model FILE) --image FILE [--frames N] [--noise SIGMA]
      Translate a still scene with sensor noise as a video, without and with temporal smoothing,
      and print the flicker (mean |frame - previous frame|) and the seconds per frame.

Options:
  --help       Show this help.
  --version    Show the version.

Exit status: 0 success, 1 runtime error (message on stderr), 2 usage error.
)";
}

namespace {

// new DIR --mode multidomain --domain NAME=PATH... : a StarGAN project with the paper's settings.
int newMultiDomain(const Arguments &a)
{
    for (const char *twoDomain : {"--domain-a", "--domain-b", "--from", "--freeze-encoder", "--freeze-blocks", "--preset", "--cycle-weights",
                                  "--lambda-feature", "--feature-network", "--lambda-cycle", "--lambda-identity", "--gan-mode", "--load-size"})
        if (a.has(twoDomain))
            throw UsageError(std::string(twoDomain) + " is for two-domain (CycleGAN) projects, not --mode multidomain.");
    std::vector<engine::NamedDomain> domains;
    for (const auto &spec : a.values("--domain")) {
        const auto eq = spec.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
            throw UsageError("--domain takes NAME=PATH (for example --domain smile=photos/smiling), got \"" + spec + "\".");
        const auto name = spec.substr(0, eq);
        const auto path = fs::absolute(toPath(spec.substr(eq + 1)));
        auto it = std::find_if(domains.begin(), domains.end(), [&](const auto &d) { return d.name == name; });
        if (it == domains.end())
            domains.push_back({name, {path}});
        else
            it->sources.push_back(path); // NAME=PATH repeated: more sources for that domain
    }
    if (domains.size() < 2)
        throw UsageError("--mode multidomain needs at least two --domain NAME=PATH.");
    engine::MultiDomainOptions o;
    o.imageSize = a.intValue("--size", o.imageSize);
    o.gConvDim = a.intValue("--ngf", o.gConvDim);
    o.dConvDim = a.intValue("--ndf", o.dConvDim);
    o.gRepeat = a.intValue("--blocks", o.gRepeat);
    o.dRepeat = a.intValue("--d-layers", o.dRepeat);
    o.batchSize = a.intValue("--batch", o.batchSize);
    o.epochs = a.intValue("--epochs", o.epochs);
    o.epochsDecay = a.intValue("--epochs-decay", o.epochsDecay);
    o.nCritic = a.intValue("--n-critic", o.nCritic);
    o.lr = a.doubleValue("--lr", o.lr);
    o.previewEvery = a.intValue("--preview-every", o.previewEvery);
    o.checkpointEvery = a.intValue("--checkpoint-every", o.checkpointEvery);
    o.seed = a.has("--seed") ? static_cast<std::uint64_t>(a.longValue("--seed", 0)) : std::random_device{}();
    try {
        engine::validate(o, static_cast<int>(domains.size()));
        engine::validateDomainNames(domains);
    } catch (const Error &e) {
        throw UsageError(e.what());
    }
    std::vector<size_t> counts;
    for (const auto &d : domains) {
        counts.push_back(engine::collectImages(d.sources).size());
        if (counts.back() == 0)
            throw Error("Domain \"" + d.name + "\" has no image files (png, jpg, bmp, webp, tif).");
    }
    const auto dir = toPath(a.positional()[0]);
    engine::Project::createMultiDomain(dir, domains, o);
    std::cout << "Created multi-domain project " << engine::displayPath(dir) << ":";
    for (size_t i = 0; i < domains.size(); ++i)
        std::cout << (i ? "," : "") << " " << domains[i].name << " (" << counts[i] << " images)";
    std::cout << ".\nsize=" << o.imageSize << " g_conv_dim=" << o.gConvDim << " d_conv_dim=" << o.dConvDim << " g_repeat=" << o.gRepeat
              << " d_repeat=" << o.dRepeat << " batch=" << o.batchSize << " epochs=" << o.epochs << "+" << o.epochsDecay
              << " n_critic=" << o.nCritic << " lr=" << o.lr << " lambda_cls=" << o.lambdaCls << " lambda_rec=" << o.lambdaRec
              << " lambda_gp=" << o.lambdaGp << " seed=" << o.seed << "\n";
    return 0;
}

} // namespace

int runNew(const std::vector<std::string> &args)
{
    const Arguments a(args,
                      {"--preset", "--size", "--load-size", "--blocks", "--ngf", "--ndf", "--batch", "--epochs",
                       "--epochs-decay", "--lambda-cycle", "--lambda-identity", "--gan-mode", "--seed",
                       "--preview-every", "--checkpoint-every", "--from", "--freeze-blocks", "--lr", "--cycle-weights",
                       "--lambda-feature", "--feature-network", "--mode", "--d-layers", "--n-critic"},
                      {"--domain-a", "--domain-b", "--domain"}, {"--freeze-encoder"});
    if (a.positional().size() != 1)
        throw UsageError("new needs exactly one project folder.");
    const auto mode = a.value("--mode", "cyclegan");
    if (mode == "multidomain")
        return newMultiDomain(a);
    if (mode != "cyclegan")
        throw UsageError("--mode must be cyclegan or multidomain.");
    if (a.has("--domain") || a.has("--d-layers") || a.has("--n-critic"))
        throw UsageError("--domain, --d-layers and --n-critic are for --mode multidomain; a two-domain project takes --domain-a and --domain-b.");
    if (!a.has("--domain-a") || !a.has("--domain-b"))
        throw UsageError("new needs --domain-a and --domain-b.");

    engine::TrainOptions o;
    engine::Preset preset = engine::defaultPreset(engine::cudaAvailable());
    if (a.has("--preset")) {
        const auto p = engine::presetFromName(a.value("--preset"));
        if (!p)
            throw UsageError("--preset must be sketch, quick, standard or custom.");
        preset = *p;
    }
    engine::applyPreset(o, preset);
    bool custom = false;
    auto setInt = [&](const char *name, int &field) {
        if (a.has(name)) {
            field = a.intValue(name, field);
            custom = true;
        }
    };
    auto setDouble = [&](const char *name, double &field) {
        if (a.has(name)) {
            field = a.doubleValue(name, field);
            custom = true;
        }
    };
    if (a.has("--size")) {
        o.cropSize = a.intValue("--size", o.cropSize);
        o.loadSize = (o.cropSize * 286 + 128) / 256;
        custom = true;
    }
    setInt("--load-size", o.loadSize);
    setInt("--blocks", o.model.blocks);
    setInt("--ngf", o.model.ngf);
    setInt("--ndf", o.model.ndf);
    setInt("--batch", o.batchSize);
    setInt("--epochs", o.epochs);
    setInt("--epochs-decay", o.epochsDecay);
    setInt("--preview-every", o.previewEvery);
    setInt("--checkpoint-every", o.checkpointEvery);
    if (a.has("--lambda-cycle")) {
        o.lambdaA = o.lambdaB = a.doubleValue("--lambda-cycle", o.lambdaA);
        custom = true;
    }
    setDouble("--lambda-identity", o.lambdaIdentity);
    if (a.has("--gan-mode")) {
        const auto m = engine::ganModeFromName(a.value("--gan-mode"));
        if (!m)
            throw UsageError("--gan-mode must be lsgan or vanilla.");
        o.ganMode = *m;
    }
    if (a.has("--cycle-weights")) {
        o.cyclePyramidWeights = cycleWeights(a.value("--cycle-weights"));
        custom = true;
    }
    setDouble("--lambda-feature", o.lambdaFeature);
    if (a.has("--feature-network")) {
        o.featureNetwork = fs::absolute(toPath(a.value("--feature-network"))).u8string();
        if (!a.has("--lambda-feature") && o.lambdaFeature == 0)
            o.lambdaFeature = engine::kCustomLambdaFeature;
        custom = true;
    }
    o.seed = a.has("--seed") ? static_cast<std::uint64_t>(a.longValue("--seed", 0)) : std::random_device{}();
    try {
        engine::validate(o);
    } catch (const Error &e) {
        throw UsageError(e.what());
    }

    std::vector<fs::path> domainA, domainB;
    for (const auto &s : a.values("--domain-a"))
        domainA.push_back(fs::absolute(toPath(s)));
    for (const auto &s : a.values("--domain-b"))
        domainB.push_back(fs::absolute(toPath(s)));
    const auto countA = engine::collectImages(domainA).size();
    const auto countB = engine::collectImages(domainB).size();
    if (countA == 0)
        throw Error("Domain A has no image files (png, jpg, bmp, webp, tif).");
    if (countB == 0)
        throw Error("Domain B has no image files (png, jpg, bmp, webp, tif).");

    const auto dir = toPath(a.positional()[0]);
    if (a.has("--from")) {
        // Fine-tuning: the architecture and losses come from the source; the schedule is new.
        for (const char *fixed : {"--preset", "--size", "--load-size", "--blocks", "--ngf", "--ndf", "--lambda-cycle", "--lambda-identity",
                                  "--gan-mode", "--cycle-weights", "--lambda-feature", "--feature-network"})
            if (a.has(fixed))
                throw UsageError(std::string(fixed) + " cannot be combined with --from: the model's own setting is used.");
        engine::FineTuneOptions ft;
        ft.source = toPath(a.value("--from"));
        ft.freezeEncoder = a.has("--freeze-encoder");
        ft.freezeBlocks = a.intValue("--freeze-blocks", 0);
        ft.lr = a.doubleValue("--lr", ft.lr);
        ft.epochs = a.intValue("--epochs", ft.epochs);
        ft.epochsDecay = a.intValue("--epochs-decay", ft.epochsDecay);
        const auto project = engine::createFineTuneProject(dir, domainA, domainB, ft, o);
        std::cout << "Created project " << engine::displayPath(dir) << " fine-tuning " << engine::displayPath(ft.source) << ": " << countA
                  << " images in A, " << countB << " in B. Frozen: " << engine::describeFrozen(project.options) << ".\n";
        printSettings(project.options);
        return 0;
    }
    for (const char *tuning : {"--freeze-encoder", "--freeze-blocks"})
        if (a.has(tuning))
            throw UsageError(std::string(tuning) + " needs --from (fine-tuning a trained model).");
    if (a.has("--lr"))
        o.lr = a.doubleValue("--lr", o.lr);
    const auto project = engine::Project::create(dir, domainA, domainB, o, custom ? "custom" : engine::presetName(preset));
    std::cout << "Created project " << engine::displayPath(dir) << " (" << project.preset << "): " << countA
              << " images in A, " << countB << " in B.\n";
    printSettings(o);
    return 0;
}

namespace {

// Progress lines at most about once a second (and always the run's last), with the latest value of each
// loss (the multi-domain generator losses are logged only on the iterations that update it).
struct TrainingPrinter
{
    std::chrono::steady_clock::time_point lastPrint = std::chrono::steady_clock::now() - std::chrono::hours(1);
    long long runEnd = -1; // the iteration this run stops at, known at the first progress report
    engine::LossValues last;
};

engine::TrainerCallbacks trainingCallbacks(long long iterations)
{
    auto printer = std::make_shared<TrainingPrinter>();
    engine::TrainerCallbacks cb;
    cb.loss = [printer](const engine::LossSample &s) {
        for (const auto &[name, value] : s.losses.entries) {
            if (std::isnan(value))
                continue;
            auto it = std::find_if(printer->last.entries.begin(), printer->last.entries.end(), [&](const auto &e) { return e.first == name; });
            if (it == printer->last.entries.end())
                printer->last.add(name, value);
            else
                it->second = value;
        }
    };
    cb.warning = [](const std::string &m) { std::cerr << "warning: " << m << "\n"; };
    cb.status = [](const std::string &m) { std::cerr << m << "\n"; };
    cb.progress = [printer, iterations](const engine::TrainProgress &p) {
        if (printer->runEnd < 0)
            printer->runEnd = iterations > 0 ? std::min<long long>(p.totalIterations, p.iteration - 1 + iterations) : p.totalIterations;
        const auto now = std::chrono::steady_clock::now();
        if (now - printer->lastPrint > std::chrono::milliseconds(900) || p.iteration >= printer->runEnd) {
            printer->lastPrint = now;
            char buf[128];
            std::snprintf(buf, sizeof buf, "iter %lld/%lld epoch %d/%d  %.2f s/it ", static_cast<long long>(p.iteration),
                          static_cast<long long>(p.totalIterations), p.epoch, p.totalEpochs, p.secondsPerIteration);
            std::string line = buf;
            for (const auto &[name, value] : printer->last.entries) {
                if (name.rfind("idt_", 0) == 0)
                    continue; // the identity terms follow the cycle ones; the log has them
                std::snprintf(buf, sizeof buf, " %s %.3f", name.c_str(), value);
                line += buf;
            }
            std::cerr << line << "\n";
        }
        return !g_interrupted.load();
    };
    return cb;
}

template<typename TrainerType>
int train(TrainerType &trainer, long long iterations)
{
    std::cerr << "Training on " << trainer.deviceDescription() << ", from iteration " << trainer.iteration() << " of "
              << trainer.totalIterations() << " (" << trainer.iterationsPerEpoch() << " per epoch).\n";
    trainer.train(iterations);
    if (g_interrupted)
        std::cerr << "Stopped at iteration " << trainer.iteration() << "; run train again to continue.\n";
    std::cout << "iteration=" << trainer.iteration() << " epoch=" << trainer.epoch() << "\n";
    return g_interrupted ? 130 : 0;
}

} // namespace

int runTrain(const std::vector<std::string> &args)
{
    const Arguments a(args, {"--iterations", "--threads", "--device"});
    if (a.positional().size() != 1)
        throw UsageError("train needs exactly one project folder.");
    const long long iterations = a.longValue("--iterations", 0);
    if (iterations < 0)
        throw UsageError("--iterations must not be negative.");

    const auto dir = toPath(a.positional()[0]);
    if (engine::Project::open(dir).mode == engine::ProjectMode::MultiDomain) {
        engine::MultiDomainTrainer trainer(dir, runtimeFrom(a), trainingCallbacks(iterations));
        return train(trainer, iterations);
    }
    engine::Trainer trainer(dir, runtimeFrom(a), trainingCallbacks(iterations));
    return train(trainer, iterations);
}

int runExportModel(const std::vector<std::string> &args)
{
    const Arguments a(args, {"--direction", "-o", "--output"});
    if (a.positional().size() != 1)
        throw UsageError("export-model needs exactly one project folder.");
    const auto out = a.value("-o", a.value("--output"));
    if (out.empty())
        throw UsageError("export-model needs -o FILE.");
    const auto direction = directionFrom(a, true);
    engine::RuntimeOptions rt;
    rt.device = "cpu";
    const auto translator = engine::Translator::fromProject(toPath(a.positional()[0]), direction, rt);
    translator->saveModel(toPath(out));
    std::cout << "Wrote " << out << " (" << engine::directionName(direction) << ", iteration " << translator->info().iteration
              << ").\n";
    return 0;
}

namespace {
// `translate ... INPUT.mp4 -o OUT.mp4` (or -o FOLDER): frame by frame, same size and frame rate.
int translateVideoFile(engine::Translator &translator, const fs::path &input, fs::path output, double smoothing)
{
    if (!engine::hasVideoExtension(output))
        output /= input.stem().string() + input.extension().string();
    const auto info = engine::probeVideo(input);
    std::cerr << "Translating " << info.frames << " frames (" << info.width << "x" << info.height << ", " << info.fps << " fps) on "
              << translator.deviceDescription() << ". Audio is not carried over.\n";
    engine::VideoOptions options;
    options.smoothing = smoothing;
    auto lastPrint = std::chrono::steady_clock::now() - std::chrono::hours(1);
    const auto r = engine::translateVideo(translator, input, output, options, [&](const engine::VideoProgress &p) {
        const auto now = std::chrono::steady_clock::now();
        if (now - lastPrint > std::chrono::milliseconds(500) || p.done == p.total) {
            lastPrint = now;
            std::cerr << "[" << p.done << "/" << p.total << "]  ETA " << formatDuration(p.etaSeconds) << "\n";
        }
        return !g_interrupted.load();
    });
    if (r.cancelled) {
        std::cout << "cancelled after " << r.frames << " frames; nothing was written\n";
        return 130;
    }
    char buf[256];
    std::snprintf(buf, sizeof buf, "video=%s frames=%lld fps=%.3f smoothing=%.2f flicker=%.3f sec_per_frame=%.4f\n",
                  engine::displayPath(output).c_str(), static_cast<long long>(r.frames), r.fps, smoothing, r.meanFlicker, r.secondsPerFrame);
    std::cout << buf;
    return 0;
}
} // namespace

namespace {

int reportExport(const engine::ExportResult &result)
{
    for (const auto &s : result.skipped)
        std::cerr << "skipped: " << engine::displayPath(s.path) << ": " << s.reason << "\n";
    std::cout << "written=" << result.written << " skipped=" << result.skipped.size() << (result.cancelled ? " cancelled" : "") << "\n";
    if (result.cancelled)
        return 130;
    return result.written == 0 && !result.skipped.empty() ? 1 : 0;
}

std::function<bool(const engine::ExportProgress &)> exportPrinter()
{
    auto lastPrint = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now() - std::chrono::hours(1));
    return [lastPrint](const engine::ExportProgress &p) {
        const auto now = std::chrono::steady_clock::now();
        if (now - *lastPrint > std::chrono::milliseconds(500) || p.done == p.total) {
            *lastPrint = now;
            std::cerr << "[" << p.done << "/" << p.total << "] " << engine::displayPath(p.current.filename()) << "  ETA "
                      << formatDuration(p.etaSeconds) << "\n";
        }
        return !g_interrupted.load();
    };
}

// translate --project MULTIDOMAIN --to NAME: every input image into the named domain.
int translateIntoDomain(const Arguments &a, const fs::path &out)
{
    if (!a.has("--to"))
        throw UsageError("A multi-domain project needs --to NAME (the target domain).");
    if (a.has("--direction") || a.has("--smooth"))
        throw UsageError("--direction and --smooth are for two-domain projects.");
    engine::MultiDomainTranslator translator(toPath(a.value("--project")), runtimeFrom(a));
    const int target = translator.domainIndex(a.value("--to"));
    if (target < 0) {
        std::string names;
        for (const auto &n : translator.domainNames())
            names += (names.empty() ? "" : ", ") + n;
        throw UsageError("The project has no domain called \"" + a.value("--to") + "\"; its domains are " + names + ".");
    }
    std::vector<fs::path> inputs;
    for (const auto &s : a.positional())
        inputs.push_back(toPath(s));
    if (inputs.size() == 1 && engine::hasVideoExtension(inputs.front()))
        throw Error("Video translation is for two-domain projects in this version; translate the frames as images.");
    const auto plan = engine::planExport(inputs, out, a.value("--format"));
    std::cerr << "Translating " << plan.items.size() << " image(s) into \"" << translator.domainNames()[static_cast<size_t>(target)]
              << "\" on " << translator.deviceDescription() << " (model at iteration " << translator.iteration() << ").\n";
    return reportExport(translator.exportFiles(plan, target, exportPrinter()));
}

} // namespace

int runTranslate(const std::vector<std::string> &args)
{
    const Arguments a(args, {"--project", "--model", "--direction", "-o", "--output", "--format", "--threads", "--device", "--smooth", "--to"});
    const auto out = a.value("-o", a.value("--output"));
    if (out.empty())
        throw UsageError("translate needs -o OUTDIR.");
    if (a.positional().empty())
        throw UsageError("translate needs at least one input file or folder.");
    if (a.has("--project") == a.has("--model"))
        throw UsageError("translate needs either --project DIR or --model FILE.");
    if (a.has("--project") && engine::Project::open(toPath(a.value("--project"))).mode == engine::ProjectMode::MultiDomain)
        return translateIntoDomain(a, toPath(out));
    if (a.has("--to"))
        throw UsageError("--to NAME is for multi-domain projects; a two-domain project takes --direction AtoB|BtoA.");
    std::unique_ptr<engine::Translator> translator;
    if (a.has("--project"))
        translator = engine::Translator::fromProject(toPath(a.value("--project")), directionFrom(a, true), runtimeFrom(a));
    else
        translator = engine::Translator::fromModelFile(toPath(a.value("--model")), runtimeFrom(a));

    std::vector<fs::path> inputs;
    for (const auto &s : a.positional())
        inputs.push_back(toPath(s));
    if (inputs.size() == 1 && engine::hasVideoExtension(inputs.front()))
        return translateVideoFile(*translator, inputs.front(), toPath(out), a.has("--smooth") ? a.doubleValue("--smooth", 0.0) : 0.0);
    const auto plan = engine::planExport(inputs, toPath(out), a.value("--format"));
    std::cerr << "Translating " << plan.items.size() << " image(s) on " << translator->deviceDescription() << ".\n";
    return reportExport(translator->exportFiles(plan, exportPrinter()));
}

int runInfo(const std::vector<std::string> &args)
{
    const Arguments a(args, {});
    if (a.positional().size() != 1)
        throw UsageError("info needs one project folder or model file.");
    const auto path = toPath(a.positional()[0]);
    torch::NoGradGuard noGrad;
    if (fs::is_directory(path)) {
        const auto project = engine::Project::open(path);
        if (project.mode == engine::ProjectMode::MultiDomain) {
            const auto &o = project.multiDomain;
            std::cout << "multi-domain project " << engine::displayPath(path) << " domains=";
            for (size_t i = 0; i < project.namedDomains.size(); ++i)
                std::cout << (i ? "," : "") << project.namedDomains[i].name;
            std::cout << "\nsize=" << o.imageSize << " g_conv_dim=" << o.gConvDim << " g_repeat=" << o.gRepeat << " d_repeat=" << o.dRepeat
                      << " batch=" << o.batchSize << " n_critic=" << o.nCritic << "\n";
            const int domains = static_cast<int>(project.namedDomains.size());
            engine::StarGenerator g(o.gConvDim, domains, o.gRepeat);
            engine::StarDiscriminator d(o.imageSize, o.dConvDim, domains, o.dRepeat);
            std::cout << "G params=" << engine::countParameters(*g) << "\nD params=" << engine::countParameters(*d) << "\n";
            return 0;
        }
        std::cout << "project " << engine::displayPath(path) << " preset=" << project.preset << "\n";
        printSettings(project.options);
        const auto checkpoints = project.checkpoints();
        if (!checkpoints.empty()) {
            try {
                std::cout << "iteration=" << engine::readCheckpointInfo(checkpoints.back()).iteration << "\n";
            } catch (const Error &e) {
                std::cerr << "warning: " << e.what() << "\n";
            }
        } else {
            std::cout << "iteration=0\n";
        }
        engine::CycleGanModel model(project.options, torch::kCPU, 0);
        std::cout << "G_A params=" << engine::countParameters(*model.G_A) << "\n"
                  << "G_B params=" << engine::countParameters(*model.G_B) << "\n"
                  << "D_A params=" << engine::countParameters(*model.D_A) << "\n"
                  << "D_B params=" << engine::countParameters(*model.D_B) << "\n";
        return 0;
    }
    const auto info = engine::readGeneratorFileInfo(path);
    std::cout << "model " << engine::displayPath(path) << " direction=" << engine::directionName(info.direction)
              << " ngf=" << info.model.ngf << " blocks=" << info.model.blocks << " trained_size=" << info.trainedSize
              << " iteration=" << info.iteration << " created_with=\"" << info.createdWith << "\"\n";
    engine::ResnetGenerator g(info.model);
    std::cout << "G params=" << engine::countParameters(*g) << "\n";
    return 0;
}

int runBenchVideo(const std::vector<std::string> &args)
{
    const Arguments a(args, {"--project", "--model", "--direction", "--image", "--frames", "--noise", "--threads", "--device"});
    if (a.has("--project") == a.has("--model") || !a.has("--image"))
        throw UsageError("bench-video needs --image FILE and either --project DIR or --model FILE.");
    const int frames = a.intValue("--frames", 40);
    const double noise = a.doubleValue("--noise", 3.0);
    std::unique_ptr<engine::Translator> translator;
    if (a.has("--project"))
        translator = engine::Translator::fromProject(toPath(a.value("--project")), directionFrom(a, true), runtimeFrom(a));
    else
        translator = engine::Translator::fromModelFile(toPath(a.value("--model")), runtimeFrom(a));

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

namespace {
double peakResidentMegabytes()
{
#ifdef __linux__
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) == 0)
        return double(usage.ru_maxrss) / 1024.0; // kilobytes on Linux
#endif
    return 0;
}
} // namespace

int runBench(const std::vector<std::string> &args)
{
    const Arguments a(args,
                      {"--size", "--blocks", "--ngf", "--threads", "--iterations", "--warmup", "--device", "--cycle-weights",
                       "--lambda-feature", "--feature-network", "--domains", "--batch", "--freeze-blocks"},
                      {}, {"--reference-upsample", "--freeze-encoder"});
    if (!a.positional().empty())
        throw UsageError("bench takes no positional arguments.");
    engine::BenchmarkOptions o;
    o.size = a.intValue("--size", o.size);
    o.blocks = a.intValue("--blocks", o.blocks);
    o.ngf = a.intValue("--ngf", o.ngf);
    o.threads = a.intValue("--threads", 0);
    o.iterations = a.intValue("--iterations", o.iterations);
    o.warmup = a.intValue("--warmup", o.warmup);
    o.device = a.value("--device", "auto");
    o.fastUpsample = !a.has("--reference-upsample");
    if (a.has("--cycle-weights"))
        o.cyclePyramidWeights = cycleWeights(a.value("--cycle-weights"));
    o.lambdaFeature = a.doubleValue("--lambda-feature", o.lambdaFeature);
    o.featureNetwork = a.value("--feature-network");
    if (!o.featureNetwork.empty() && o.lambdaFeature == 0)
        o.lambdaFeature = engine::kCustomLambdaFeature;
    o.freezeEncoder = a.has("--freeze-encoder");
    o.freezeBlocks = a.intValue("--freeze-blocks", 0);
    o.domains = a.intValue("--domains", 0);
    o.batch = a.intValue("--batch", 1);
    if (o.domains == 1 || o.domains < 0 || o.batch < 1)
        throw UsageError("--domains needs at least 2 (multi-domain mode) and --batch at least 1.");
    if (o.domains > 0) {
        const auto r = engine::runBenchmark(o, [](const std::string &m) { std::cerr << m << "\n"; });
        std::printf("train multidomain size=%d domains=%d batch=%d threads=%d sec_per_iter=%.4f min=%.4f device=%s\n", o.size, o.domains,
                    o.batch, r.threads, r.secPerIteration, r.minSecPerIteration, r.device.c_str());
        std::printf("infer multidomain size=%d threads=%d sec_per_img=%.4f min=%.4f device=%s\n", o.size, r.threads, r.secPerImage,
                    r.minSecPerImage, r.device.c_str());
        std::fflush(stdout);
        return 0;
    }
    if (o.size < 16 || o.size % 4 != 0 || o.blocks < 0 || o.ngf < 1 || o.iterations < 1 || o.warmup < 0)
        throw UsageError("bench needs --size a multiple of 4 (>= 16), --blocks >= 0, --ngf >= 1, --iterations >= 1.");
    const auto r = engine::runBenchmark(o, [](const std::string &m) { std::cerr << m << "\n"; });
    char buf[256];
    std::snprintf(buf, sizeof buf, "train size=%d blocks=%d threads=%d sec_per_iter=%.4f min=%.4f device=%s\n", o.size, o.blocks,
                  r.threads, r.secPerIteration, r.minSecPerIteration, r.device.c_str());
    std::cout << buf;
    std::snprintf(buf, sizeof buf, "infer size=%d blocks=%d threads=%d sec_per_img=%.4f min=%.4f device=%s\n", o.size, o.blocks,
                  r.threads, r.secPerImage, r.minSecPerImage, r.device.c_str());
    std::cout << buf;

    // The estimate the window shows before Start, for the same settings, next to what was measured.
    engine::TrainOptions t;
    t.cropSize = o.size;
    t.loadSize = o.size;
    t.model.blocks = o.blocks;
    t.model.ngf = o.ngf;
    engine::RuntimeOptions rt;
    rt.device = o.device;
    rt.threads = o.threads;
    const auto e = engine::estimateTraining(t, rt);
    std::snprintf(buf, sizeof buf, "estimate size=%d blocks=%d sec_per_iter=%.4f memory_mb=%.0f gflop_per_iter=%.1f peak_rss_mb=%.0f\n",
                  o.size, o.blocks, e.secondsPerIteration, double(e.memoryBytes) / (1 << 20), e.gflopPerIteration,
                  peakResidentMegabytes());
    std::cout << buf;
    return 0;
}

} // namespace cli
