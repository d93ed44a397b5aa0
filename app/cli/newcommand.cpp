// cyclestudio-cli new: a two-domain project from a preset and flags, a fine-tuning project (--from), one
// that continues an official PyTorch training (--from-official), or a multi-domain project (--mode
// multidomain).

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/core/imageio.h"
#include "engine/interop/pytorch.h"
#include "engine/project/project.h"
#include "engine/training/finetune.h"

#include <algorithm>
#include <iostream>
#include <random>

namespace fs = std::filesystem;
using engine::Error;

namespace cli {

namespace {

// new DIR --mode multidomain --domain NAME=PATH... : a StarGAN project with the paper's settings.
std::vector<engine::NamedDomain> namedDomainsFrom(const Arguments &a)
{
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
    return domains;
}

engine::MultiDomainOptions multiDomainOptionsFrom(const Arguments &a)
{
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
    o.seed = a.unsignedValue("--seed", std::random_device{}());
    return o;
}

// At least one image of the domain can be decoded (new refuses a folder of damaged files at once, as
// training would).
void requireReadable(const std::vector<fs::path> &files, const std::string &domain)
{
    std::string problem;
    if (!engine::anyReadableImage(files, &problem))
        throw Error("None of the " + std::to_string(files.size()) + " image files of domain " + domain + " can be read. The first: " + problem);
}

int newMultiDomain(const Arguments &a)
{
    for (const char *twoDomain : {"--domain-a", "--domain-b", "--from", "--from-official", "--epoch", "--freeze-encoder", "--freeze-blocks", "--preset", "--cycle-weights", "--precision",
                                  "--lambda-feature", "--feature-network", "--lambda-cycle", "--lambda-identity", "--gan-mode", "--load-size"})
        if (a.has(twoDomain))
            throw UsageError(std::string(twoDomain) + " is for two-domain (CycleGAN) projects, not --mode multidomain.");
    const auto domains = namedDomainsFrom(a);
    const auto o = multiDomainOptionsFrom(a);
    try {
        engine::validate(o, static_cast<int>(domains.size()));
        engine::validateDomainNames(domains);
    } catch (const Error &e) {
        throw UsageError(e.what());
    }
    std::vector<size_t> counts;
    for (const auto &d : domains) {
        const auto files = engine::collectImages(d.sources);
        counts.push_back(files.size());
        if (files.empty())
            throw Error("Domain \"" + d.name + "\" has no image files (" + engine::imageTypesText() + ").");
        requireReadable(files, "\"" + d.name + "\"");
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

// The preset (or the device's default), then each flag given on top of it. `custom` tells whether any
// network or loss flag changed the preset's values.
engine::TrainOptions twoDomainOptionsFrom(const Arguments &a, engine::Preset &preset, bool &custom)
{
    engine::TrainOptions o;
    preset = engine::defaultPreset(engine::cudaAvailable());
    if (a.has("--preset")) {
        const auto p = engine::presetFromName(a.value("--preset"));
        if (!p)
            throw UsageError("--preset must be sketch, quick, standard or custom.");
        preset = *p;
    }
    engine::applyPreset(o, preset);
    custom = false;
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
        o.loadSize = engine::loadSizeFor(o.cropSize);
        custom = true;
    }
    setInt("--load-size", o.loadSize);
    setInt("--blocks", o.model.blocks);
    setInt("--ngf", o.model.ngf);
    setInt("--ndf", o.model.ndf);
    // The schedule and the intervals are not the preset's: a sketch project trained longer is still sketch.
    o.batchSize = a.intValue("--batch", o.batchSize);
    o.epochs = a.intValue("--epochs", o.epochs);
    o.epochsDecay = a.intValue("--epochs-decay", o.epochsDecay);
    o.previewEvery = a.intValue("--preview-every", o.previewEvery);
    o.checkpointEvery = a.intValue("--checkpoint-every", o.checkpointEvery);
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
    if (a.has("--precision")) {
        const auto p = engine::precisionFromName(a.value("--precision"));
        if (!p)
            throw UsageError("--precision must be fp32 or bf16.");
        o.precision = *p;
    }
    setDouble("--lambda-feature", o.lambdaFeature);
    if (a.has("--feature-network")) {
        o.featureNetwork = fs::absolute(toPath(a.value("--feature-network"))).u8string();
        if (!a.has("--lambda-feature") && o.lambdaFeature == 0)
            o.lambdaFeature = engine::kCustomLambdaFeature;
        custom = true;
    }
    o.seed = a.unsignedValue("--seed", std::random_device{}());
    return o;
}

// --domain-a PATH... as absolute paths, with the number of images they hold (at least one).
std::vector<fs::path> domainSources(const Arguments &a, const char *option, const char *name, size_t &count)
{
    std::vector<fs::path> sources;
    for (const auto &s : a.values(option))
        sources.push_back(fs::absolute(toPath(s)));
    const auto files = engine::collectImages(sources);
    count = files.size();
    if (count == 0)
        throw Error(std::string("Domain ") + name + " has no image files (" + engine::imageTypesText() + ").");
    requireReadable(files, name);
    return sources;
}

int newFineTune(const Arguments &a, const fs::path &dir, std::vector<fs::path> domainA, std::vector<fs::path> domainB,
                const engine::TrainOptions &base, size_t countA, size_t countB)
{
    // The architecture and losses come from the source; the schedule is new.
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
    const auto project = engine::createFineTuneProject(dir, std::move(domainA), std::move(domainB), ft, base);
    std::cout << "Created project " << engine::displayPath(dir) << " fine-tuning " << engine::displayPath(ft.source) << ": " << countA
              << " images in A, " << countB << " in B. Frozen: " << engine::describeFrozen(project.options) << ".\n";
    printSettings(project.options);
    return 0;
}

// new DIR --from-official CHECKPOINT_DIR: continues an official PyTorch CycleGAN training; its settings
// come from its train_opt.txt (the paper's without one), the network sizes from its weights.
int newFromOfficial(const Arguments &a, const fs::path &dir, std::vector<fs::path> domainA, std::vector<fs::path> domainB,
                    const engine::TrainOptions &flags, size_t countA, size_t countB)
{
    for (const char *fixed : {"--from", "--preset", "--size", "--load-size", "--blocks", "--ngf", "--ndf", "--batch", "--epochs",
                              "--epochs-decay", "--lambda-cycle", "--lambda-identity", "--gan-mode", "--cycle-weights", "--lambda-feature",
                              "--feature-network", "--freeze-encoder", "--freeze-blocks", "--lr"})
        if (a.has(fixed))
            throw UsageError(std::string(fixed) + " cannot be combined with --from-official: the training's own settings are used.");
    engine::TrainOptions base; // the paper's settings, for a folder without train_opt.txt
    base.seed = flags.seed;
    base.previewEvery = flags.previewEvery;
    base.checkpointEvery = flags.checkpointEvery;
    engine::OfficialTraining source;
    source.folder = toPath(a.value("--from-official"));
    if (a.has("--epoch")) {
        const auto epoch = a.boundedValue("--epoch", 0, 1, engine::kMaxEpochs);
        source.epoch = std::to_string(epoch);
    }
    std::vector<std::string> notes;
    const auto project = engine::createFromOfficialTraining(dir, std::move(domainA), std::move(domainB), source, base, &notes);
    std::cout << "Created project " << engine::displayPath(dir) << " continuing " << engine::displayPath(source.folder) << " (" << source.epoch
              << "): " << countA << " images in A, " << countB << " in B.\n";
    for (const auto &note : notes)
        std::cout << "note: " << note << "\n";
    printSettings(project.options);
    return 0;
}

} // namespace

int runNew(const std::vector<std::string> &args)
{
    const Arguments a(args,
                      {"--preset", "--size", "--load-size", "--blocks", "--ngf", "--ndf", "--batch", "--epochs",
                       "--epochs-decay", "--lambda-cycle", "--lambda-identity", "--gan-mode", "--seed",
                       "--preview-every", "--checkpoint-every", "--from", "--freeze-blocks", "--lr", "--cycle-weights",
                       "--lambda-feature", "--feature-network", "--mode", "--d-layers", "--n-critic", "--from-official", "--epoch",
                       "--precision", "--names"},
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

    engine::Preset preset;
    bool custom = false;
    auto o = twoDomainOptionsFrom(a, preset, custom);
    try {
        engine::validate(o);
    } catch (const Error &e) {
        throw UsageError(e.what());
    }
    std::string nameA, nameB;
    if (a.has("--names")) {
        const auto names = a.value("--names");
        const auto comma = names.find(',');
        if (comma == std::string::npos || names.find(',', comma + 1) != std::string::npos)
            throw UsageError("--names takes the two styles' names, A's first: --names Photos,Watercolours.");
        nameA = names.substr(0, comma);
        nameB = names.substr(comma + 1);
        engine::Project unnamed;
        try {
            unnamed.setStyleNames(nameA, nameB); // refused before anything is created
        } catch (const Error &e) {
            throw UsageError(e.what());
        }
    }
    size_t countA = 0, countB = 0;
    auto domainA = domainSources(a, "--domain-a", "A", countA);
    auto domainB = domainSources(a, "--domain-b", "B", countB);
    const auto dir = toPath(a.positional()[0]);
    if (a.has("--from-official"))
        return newFromOfficial(a, dir, std::move(domainA), std::move(domainB), o, countA, countB);
    if (a.has("--epoch"))
        throw UsageError("--epoch needs --from-official (the epoch of the official training to continue).");
    if (a.has("--from"))
        return newFineTune(a, dir, std::move(domainA), std::move(domainB), o, countA, countB);
    for (const char *tuning : {"--freeze-encoder", "--freeze-blocks"})
        if (a.has(tuning))
            throw UsageError(std::string(tuning) + " needs --from (fine-tuning a trained model).");
    if (a.has("--lr"))
        o.lr = a.doubleValue("--lr", o.lr);
    auto project = engine::Project::create(dir, domainA, domainB, o, custom ? "custom" : engine::presetName(preset));
    if (!nameA.empty()) {
        project.setStyleNames(nameA, nameB);
        project.save();
    }
    std::cout << "Created project " << engine::displayPath(dir) << " (" << project.preset << "): " << countA << " images in "
              << (nameA.empty() ? "A" : nameA) << ", " << countB << " in " << (nameB.empty() ? "B" : nameB) << ".\n";
    printSettings(o);
    return 0;
}

} // namespace cli
