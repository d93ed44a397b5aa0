#include "app/cli/common.h"

#include "engine/core/atomicfile.h"
#include "engine/core/imageio.h"
#include "engine/training/finetune.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>

#ifdef __linux__
#include <sys/resource.h>
#endif

namespace fs = std::filesystem;

namespace cli {

std::atomic<bool> g_interrupted{false};

fs::path toPath(const std::string &s) { return fs::u8path(s); }

std::vector<fs::path> positionalPaths(const Arguments &a)
{
    std::vector<fs::path> paths;
    for (const auto &s : a.positional())
        paths.push_back(toPath(s));
    return paths;
}

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
    const auto device = engine::deviceChoiceFromName(a.value("--device", "auto"));
    if (!device)
        throw UsageError("--device must be auto, cpu or cuda.");
    rt.device = *device;
    rt.threads = static_cast<int>(a.boundedValue("--threads", 0, 0, engine::maxThreads()));
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

int reportExport(const engine::ExportResult &result)
{
    for (const auto &s : result.skipped)
        std::cerr << "skipped: " << engine::displayPath(s.path) << ": " << s.reason << "\n";
    std::cout << "written=" << result.written << " skipped=" << result.skipped.size() << (result.cancelled ? " cancelled" : "");
    if (result.seconds > 0) {
        char timing[96];
        std::snprintf(timing, sizeof timing, " seconds=%.2f translating=%.1f%%", result.seconds,
                      100.0 * result.translatingSeconds / result.seconds);
        std::cout << timing;
    }
    std::cout << "\n";
    if (result.cancelled)
        return 130;
    if (!result.skipped.empty()) {
        std::cerr << "error: " << result.skipped.size() << " file(s) were not translated (listed above); the others were.\n";
        return 1;
    }
    return 0;
}

std::string formatFrom(const Arguments &a)
{
    std::string format = a.value("--format");
    if (!format.empty() && format[0] == '.')
        format.erase(0, 1);
    const bool deep = format == "png16" || format == "tif16" || format == "tiff16";
    if (!format.empty() && !deep && !engine::hasImageExtension(std::filesystem::path("x." + format)))
        throw UsageError("--format must be one of " + engine::imageTypesText() + ", png16 or tif16, not \"" + a.value("--format") + "\".");
    return format;
}

double peakResidentMegabytes()
{
#ifdef __linux__
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) == 0)
        return double(usage.ru_maxrss) / 1024.0; // kilobytes on Linux
#endif
    return 0;
}

} // namespace cli
