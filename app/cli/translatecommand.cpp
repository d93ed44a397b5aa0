// cyclestudio-cli translate: image files and folders, or a video, with a project's newest checkpoint or a
// shared model file, in a direction or into a named domain of a multi-domain project.

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/interop/pytorch.h"
#include "engine/project/checkpoint.h"
#include "engine/project/project.h"
#include "engine/translation/translator.h"
#include "engine/translation/video.h"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace fs = std::filesystem;
using engine::Error;

namespace cli {

namespace {

// `translate ... INPUT.mp4 -o OUT.mp4` (or -o FOLDER): frame by frame, same size and frame rate.
int translateVideoFile(engine::Translator &translator, const fs::path &input, fs::path output, double smoothing)
{
    if (!engine::hasVideoExtension(output))
        output /= input.stem().string() + input.extension().string();
    const auto info = engine::probeVideo(input);
    std::cerr << "Translating " << info.frames << " frames (" << info.width << "x" << info.height << ", " << info.fps << " fps) on "
              << translator.deviceDescription() << ". "
              << (!engine::videoKeepsSound() ? std::string("This build cannot carry the sound over.")
                  : info.audio.empty()       ? std::string("No sound.")
                                             : std::to_string(info.audio.size()) + " sound track(s) kept.")
              << "\n";
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
    char buf[1024];
    std::snprintf(buf, sizeof buf, "video=%s frames=%lld fps=%.3f smoothing=%.2f flicker=%.3f sec_per_frame=%.4f sound_copied=%d sound_reencoded=%d\n",
                  engine::displayPath(output).c_str(), static_cast<long long>(r.frames), r.fps, smoothing, r.meanFlicker, r.secondsPerFrame,
                  r.audioTracksCopied, r.audioTracksReencoded);
    std::cout << buf;
    return 0;
}

// --to NAME of a multi-domain project as its domain index; an unknown name lists the domains.
engine::DomainIndex domainTarget(const Arguments &a, const engine::Project &project)
{
    if (a.has("--direction") || a.has("--smooth"))
        throw UsageError("--direction and --smooth are for two-domain projects.");
    if (!a.has("--to"))
        throw UsageError("A multi-domain project needs --to NAME (the target domain).");
    const int target = project.domainIndex(a.value("--to"));
    if (target < 0) {
        std::string names;
        for (const auto &d : project.namedDomains)
            names += (names.empty() ? "" : ", ") + d.name;
        throw UsageError("The project has no domain called \"" + a.value("--to") + "\"; its domains are " + names + ".");
    }
    return {target};
}

// The request's source and target from --project/--model, --direction and --to.
std::pair<engine::ModelSource, engine::TranslationTarget> modelAndTarget(const Arguments &a, std::string &targetName)
{
    if (a.has("--project") == a.has("--model"))
        throw UsageError("translate needs either --project DIR or --model FILE.");
    if (a.has("--model")) {
        if (a.has("--to"))
            throw UsageError("--to NAME is for multi-domain projects; a model file holds one direction.");
        const auto file = toPath(a.value("--model"));
        const auto direction = engine::anyModelFileInfo(file).direction;
        if (a.has("--direction") && directionFrom(a, true) != direction)
            throw UsageError("The model file translates " + engine::directionName(direction) + "; --direction " + a.value("--direction") +
                             " cannot change that (export the other direction from its project).");
        return {engine::ModelFile{file}, direction};
    }
    const auto dir = toPath(a.value("--project"));
    const auto project = engine::Project::open(dir);
    if (project.mode == engine::ProjectMode::MultiDomain) {
        const auto target = domainTarget(a, project);
        targetName = project.namedDomains[static_cast<size_t>(target.index)].name;
        return {engine::ProjectModel{dir}, target};
    }
    if (a.has("--to"))
        throw UsageError("--to NAME is for multi-domain projects; a two-domain project takes --direction AtoB|BtoA.");
    return {engine::ProjectModel{dir}, directionFrom(a, true)};
}

// --shard K/N, or in a launched run the part RANK of WORLD_SIZE; {0, 1} translates everything.
std::pair<int, int> shardFrom(const Arguments &a)
{
    if (a.has("--shard")) {
        try {
            return engine::parseShard(a.value("--shard"));
        } catch (const Error &e) {
            throw UsageError(e.what());
        }
    }
    const auto world = engine::worldFromEnvironment();
    return {world.rank, world.worldSize};
}

} // namespace

int runTranslate(const std::vector<std::string> &args)
{
    const Arguments a(args, {"--project", "--model", "--direction", "-o", "--output", "--format", "--threads", "--device", "--smooth", "--to", "--shard"});
    const auto out = a.value("-o", a.value("--output"));
    if (out.empty())
        throw UsageError("translate needs -o OUTDIR.");
    if (a.positional().empty())
        throw UsageError("translate needs at least one input file or folder.");
    // Every value is checked before anything is loaded.
    const auto format = formatFrom(a);
    const double smoothing = a.doubleValue("--smooth", 0.0);
    if (smoothing < 0 || smoothing > 0.95)
        throw UsageError("--smooth takes a number from 0 (off) to 0.95.");
    const auto runtime = runtimeFrom(a);
    std::string targetName;
    const auto [source, target] = modelAndTarget(a, targetName);
    const auto translator = engine::openTranslator(source, target, runtime);

    const auto inputs = positionalPaths(a);
    if (inputs.size() == 1 && engine::hasVideoExtension(inputs.front())) {
        if (!targetName.empty())
            throw Error("Video translation is for two-domain projects in this version; translate the frames as images.");
        return translateVideoFile(*translator, inputs.front(), toPath(out), smoothing);
    }
    auto plan = engine::planExport(inputs, toPath(out), format);
    const auto [shard, shards] = shardFrom(a);
    if (shards > 1) {
        const auto [begin, end] = engine::shardRange(plan.items.size(), shard, shards);
        std::cerr << "Part " << shard << " of " << shards << " (0-based): images " << begin + 1 << "–" << end << " of " << plan.items.size()
                  << ".\n";
        plan.items = std::vector<engine::ExportItem>(plan.items.begin() + static_cast<std::ptrdiff_t>(begin),
                                                     plan.items.begin() + static_cast<std::ptrdiff_t>(end));
        if (shard != 0)
            plan.skipped.clear(); // part 0 reports them, once
    }
    if (targetName.empty())
        std::cerr << "Translating " << plan.items.size() << " image(s) on " << translator->deviceDescription() << ".\n";
    else
        std::cerr << "Translating " << plan.items.size() << " image(s) into \"" << targetName << "\" on " << translator->deviceDescription()
                  << " (model at iteration " << translator->iteration() << ").\n";
    return reportExport(translator->exportFiles(plan, exportPrinter()));
}

} // namespace cli
