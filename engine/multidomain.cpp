#include "engine/multidomain.h"

#include "engine/atomicfile.h"
#include "engine/checkpoint.h"
#include "engine/cyclegan.h" // learningRateFactor
#include "engine/error.h"
#include "engine/imageio.h"
#include "engine/losslog.h"
#include "engine/trainingloop.h"
#include "engine/project.h"
#include "engine/stargan.h"
#include "engine/tensorimage.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <numeric>

namespace fs = std::filesystem;

namespace engine {

namespace {

constexpr const char *kFormat = "cyclestudio-multidomain-checkpoint";
constexpr int kPreviewDomains = 8; // preview rows: one sample from each of the first domains
constexpr size_t kCacheBudget = size_t(1) << 30; // decoded training images kept in memory

std::uint64_t splitmix(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::vector<std::string> namesOf(const Project &project)
{
    std::vector<std::string> names;
    for (const auto &d : project.namedDomains)
        names.push_back(d.name);
    return names;
}

Project openMultiDomain(const fs::path &dir)
{
    auto project = Project::open(dir);
    if (project.mode != ProjectMode::MultiDomain)
        throw Error("\"" + displayPath(dir) + "\" is a two-domain (CycleGAN) project, not a multi-domain one.");
    return project;
}

struct Loaded
{
    std::unique_ptr<StarGanModel> model;
    std::int64_t iteration = 0;
};

// The newest checkpoint that reads and fits the project's domains; unreadable ones are reported and kept.
Loaded loadNewest(const Project &project, const std::string &device, const std::function<void(const std::string &)> &warn)
{
    const auto names = namesOf(project);
    const auto files = project.checkpoints();
    int otherDomainCount = 0;
    for (auto it = files.rbegin(); it != files.rend(); ++it) {
        try {
            torch::serialize::InputArchive archive;
            readArchive(archive, *it, "multi-domain checkpoint");
            const auto header = nlohmann::json::parse(readArchiveHeader(archive, *it, kFormat, kMultiDomainCheckpointVersion,
                                                                        "multi-domain checkpoint"));
            const auto options = header.at("settings").get<MultiDomainOptions>();
            const auto trained = header.at("domains").get<std::vector<std::string>>().size();
            if (trained != names.size()) {
                otherDomainCount = static_cast<int>(trained);
                continue;
            }
            Loaded loaded;
            loaded.model = std::make_unique<StarGanModel>(options, static_cast<int>(names.size()), torch::Device(device), options.seed);
            torch::serialize::InputArchive state;
            if (!archive.try_read("state", state))
                throw Error("\"" + displayPath(*it) + "\" has no model state.");
            loaded.model->load(state);
            loaded.iteration = header.at("iteration").get<std::int64_t>();
            return loaded;
        } catch (const nlohmann::json::exception &) {
            if (warn)
                warn("Could not resume from \"" + displayPath(*it) + "\": its header is damaged. Trying an older one.");
        } catch (const std::exception &e) {
            if (warn)
                warn(std::string("Could not resume from a checkpoint: ") + e.what() + " Trying an older one.");
        }
    }
    // Starting afresh would drop the earlier run's loss log; the user decides instead.
    if (otherDomainCount > 0)
        throw Error("This project's model was trained with " + std::to_string(otherDomainCount) + " domains and the project now has " +
                    std::to_string(names.size()) + ". Restore the domains, or start a new project for the new set.");
    return {};
}

// One image as the networks see it: resized to size × size, optionally mirrored, in [-1, 1].
torch::Tensor prepare(const Image &image, int size, bool flip)
{
    auto t = imageToTensor(resizeImage(image, size, size));
    return flip ? t.flip({3}) : t;
}

} // namespace

struct MultiDomainTrainer::Private
{
    Private(Project p, TrainerCallbacks cb) : project(std::move(p)), callbacks(std::move(cb)) {}
    Project project;
    TrainerCallbacks callbacks;
    MultiDomainOptions options;
    std::string device;
    std::unique_ptr<StarGanModel> model;
    std::vector<std::pair<fs::path, int>> files; // every image of every domain, with its label
    std::vector<char> bad;
    std::vector<torch::Tensor> cache; // decoded and resized, unflipped, [1, 3, S, S], up to kCacheBudget
    size_t cacheBytes = 0;
    std::int64_t iteration = 0;
    std::int64_t perEpoch = 1;
    std::vector<std::pair<torch::Tensor, int>> previewSamples;

    std::int64_t total() const { return static_cast<std::int64_t>(options.epochs + options.epochsDecay) * perEpoch; }
    int epochOf(std::int64_t it) const { return static_cast<int>(it / perEpoch) + 1; }
    void warn(const std::string &m) const
    {
        if (callbacks.warning)
            callbacks.warning(m);
    }

    // The image at position k of the epoch's permutation, skipping unreadable files.
    torch::Tensor load(size_t index)
    {
        if (cache[index].defined())
            return cache[index];
        auto t = prepare(loadImage(files[index].first), options.imageSize, false);
        const size_t bytes = static_cast<size_t>(t.numel()) * sizeof(float);
        if (cacheBytes + bytes <= kCacheBudget) {
            cache[index] = t;
            cacheBytes += bytes;
        }
        return t;
    }

    std::pair<torch::Tensor, torch::Tensor> batch(std::int64_t it)
    {
        const auto epoch = static_cast<std::uint64_t>(it / perEpoch);
        std::vector<size_t> order(files.size());
        std::iota(order.begin(), order.end(), size_t(0));
        std::mt19937_64 shuffle(splitmix(options.seed ^ splitmix(epoch + 1)));
        std::shuffle(order.begin(), order.end(), shuffle);
        std::vector<torch::Tensor> images;
        std::vector<int64_t> labels;
        size_t k = static_cast<size_t>(it % perEpoch) * static_cast<size_t>(options.batchSize);
        for (int j = 0; j < options.batchSize; ++j) {
            for (size_t tries = 0;; ++tries, ++k) {
                if (tries >= files.size())
                    throw Error("None of the project's images can be read.");
                const size_t index = order[k % order.size()];
                if (bad[index])
                    continue;
                try {
                    const bool flip = options.flip && (splitmix(options.seed ^ splitmix(static_cast<std::uint64_t>(it) * 977 + static_cast<std::uint64_t>(j))) & 1);
                    const auto t = load(index);
                    images.push_back(flip ? t.flip({3}) : t);
                    labels.push_back(files[index].second);
                    ++k;
                    break;
                } catch (const Error &e) {
                    bad[index] = 1;
                    warn(std::string("Skipping an image: ") + e.what());
                }
            }
        }
        return {torch::cat(images), torch::tensor(labels, torch::kLong)};
    }
};

MultiDomainTrainer::MultiDomainTrainer(const fs::path &projectDir, const RuntimeOptions &runtime, const TrainerCallbacks &callbacks)
    : d(std::make_unique<Private>(openMultiDomain(projectDir), callbacks))
{
    d->options = d->project.multiDomain;
    d->device = selectDevice(runtime);
    for (size_t i = 0; i < d->project.namedDomains.size(); ++i)
        for (const auto &f : d->project.domainImages(i))
            d->files.emplace_back(f, static_cast<int>(i));
    d->bad.assign(d->files.size(), 0);
    d->cache.resize(d->files.size());
    auto loaded = loadNewest(d->project, d->device, d->callbacks.warning);
    if (loaded.model) {
        // Network and optimiser settings come from the checkpoint (exact resume); the schedule length and
        // intervals may be changed between runs.
        MultiDomainOptions resumed = loaded.model->options();
        takeScheduleFrom(d->options, resumed);
        warnAboutIgnoredSettings(differingSettings(resumed, d->options), d->callbacks.warning);
        d->options = resumed;
        d->model = std::move(loaded.model);
        d->iteration = loaded.iteration;
    } else {
        d->model = std::make_unique<StarGanModel>(d->options, static_cast<int>(d->project.namedDomains.size()), torch::Device(d->device),
                                                  d->options.seed);
    }
    d->perEpoch = std::max<std::int64_t>(1, static_cast<std::int64_t>((d->files.size() + static_cast<size_t>(d->options.batchSize) - 1) /
                                                                       static_cast<size_t>(d->options.batchSize)));
    trimLossLog(d->project.lossesCsv(), d->iteration);
}

MultiDomainTrainer::~MultiDomainTrainer() = default;

PreviewGrid MultiDomainTrainer::makePreview()
{
    if (d->previewSamples.empty()) {
        // The first readable image of each of the first domains.
        for (size_t i = 0; i < d->files.size() && d->previewSamples.size() < size_t(kPreviewDomains); ++i) {
            const int label = d->files[i].second;
            if (d->bad[i] || std::any_of(d->previewSamples.begin(), d->previewSamples.end(), [&](const auto &s) { return s.second == label; }))
                continue;
            try {
                d->previewSamples.emplace_back(d->load(i), label);
            } catch (const Error &) {
                d->bad[i] = 1;
            }
        }
    }
    torch::NoGradGuard noGrad;
    PreviewGrid grid;
    grid.iteration = d->iteration;
    auto &G = d->model->G;
    const int domains = d->model->domains();
    const torch::Device dev(d->device);
    for (const auto &[sample, label] : d->previewSamples) {
        const auto x = sample.to(dev).expand({domains, 3, sample.size(2), sample.size(3)});
        const auto all = torch::arange(domains, torch::kLong).to(dev);
        const auto into = G->forward(x, all);
        const auto back = G->forward(into, torch::full({domains}, label, torch::kLong).to(dev));
        std::vector<Image> forward{tensorToImage(sample)}, returned{Image()};
        for (int k = 0; k < domains; ++k) {
            forward.push_back(tensorToImage(into[k]));
            returned.push_back(tensorToImage(back[k]));
        }
        grid.rows.push_back(std::move(forward));
        grid.rows.push_back(std::move(returned));
    }
    return grid;
}

void MultiDomainTrainer::saveCheckpoint()
{
    torch::serialize::OutputArchive archive;
    const nlohmann::json header = {{"version", kMultiDomainCheckpointVersion},
                                   {"created_with", std::string("CycleStudio ") + CYCLESTUDIO_VERSION},
                                   {"iteration", d->iteration},
                                   {"domains", namesOf(d->project)},
                                   {"settings", d->options}};
    writeArchiveHeader(archive, kFormat, header.dump());
    torch::serialize::OutputArchive state;
    d->model->save(state);
    archive.write("state", state);
    writeArchiveAtomic(archive, d->project.checkpointPath(d->iteration));
    d->project.pruneCheckpoints(d->options.keepCheckpoints);
    if (d->callbacks.status)
        d->callbacks.status("Checkpoint saved at iteration " + std::to_string(d->iteration) + ".");
}

void MultiDomainTrainer::train(std::int64_t iterations)
{
    const std::int64_t total = d->total();
    const std::int64_t end = iterations > 0 ? std::min(total, d->iteration + iterations) : total;
    if (d->iteration >= end) {
        if (d->callbacks.status)
            d->callbacks.status("Training is already at the end of its schedule (" + std::to_string(total) + " iterations).");
        return;
    }
    LossLog log(d->project.lossesCsv(), StarGanModel::lossNames());
    TrainingSchedule schedule{d->perEpoch, d->options.epochs, d->options.epochsDecay, d->options.lr, d->options.previewEvery,
                              d->options.checkpointEvery};
    TrainingSteps steps;
    steps.step = [&](std::int64_t it) {
        const auto [images, labels] = d->batch(it);
        return d->model->step(images, labels);
    };
    steps.setLearningRate = [&](double lr) { d->model->setLearningRate(lr); };
    steps.learningRate = [&] { return d->model->learningRate(); };
    steps.preview = [&] { return makePreview(); };
    steps.saveCheckpoint = [&] { saveCheckpoint(); };
    steps.previewPath = [&](std::int64_t it) { return d->project.previewPath(it); };
    runTrainingLoop(d->iteration, end, schedule, log, d->callbacks, steps);
}

std::int64_t MultiDomainTrainer::iteration() const { return d->iteration; }
std::int64_t MultiDomainTrainer::totalIterations() const { return d->total(); }
std::int64_t MultiDomainTrainer::iterationsPerEpoch() const { return d->perEpoch; }
int MultiDomainTrainer::epoch() const { return d->epochOf(d->iteration); }
std::string MultiDomainTrainer::deviceDescription() const { return describeDevice(d->device); }
const Project &MultiDomainTrainer::project() const { return d->project; }
StarGanModel &MultiDomainTrainer::model() { return *d->model; }

struct MultiDomainTranslator::Private
{
    explicit Private(Project p) : project(std::move(p)) {}
    Project project;
    std::string device;
    std::vector<std::string> names;
    Loaded loaded;
};

MultiDomainTranslator::MultiDomainTranslator(const fs::path &projectDir, const RuntimeOptions &runtime)
    : d(std::make_unique<Private>(openMultiDomain(projectDir)))
{
    d->device = selectDevice(runtime);
    d->names = namesOf(d->project);
    d->loaded = loadNewest(d->project, d->device, {});
    if (!d->loaded.model)
        throw Error("The project \"" + displayPath(projectDir) + "\" has no trained model yet: train it first.");
}

MultiDomainTranslator::~MultiDomainTranslator() = default;

Image MultiDomainTranslator::translate(const Image &image, int target, int maxSide)
{
    if (target < 0 || target >= static_cast<int>(d->names.size()))
        throw Error("There is no domain number " + std::to_string(target + 1) + " in this project.");
    torch::NoGradGuard noGrad;
    const int longSide = std::max(image.width, image.height);
    const Image input = longSide > maxSide ? resizeImage(image, std::max(4, image.width * maxSide / longSide),
                                                         std::max(4, image.height * maxSide / longSide))
                                           : image;
    // Reflect-pad to a multiple of 4 (two stride-2 layers), translate, crop back.
    const auto x = imageToTensor(input).to(torch::Device(d->device));
    const int64_t padW = (4 - input.width % 4) % 4, padH = (4 - input.height % 4) % 4;
    auto padOptions = torch::nn::functional::PadFuncOptions({0, padW, 0, padH});
    if (padW < input.width && padH < input.height)
        padOptions.mode(torch::kReflect);
    else
        padOptions.mode(torch::kReplicate); // reflection needs more pixels than the padding
    const auto padded = (padW || padH) ? torch::nn::functional::pad(x, padOptions) : x;
    const auto y = d->loaded.model->G->forward(padded, torch::full({1}, target, torch::kLong).to(torch::Device(d->device)))
                       .narrow(2, 0, input.height)
                       .narrow(3, 0, input.width);
    Image out = tensorToImage(y);
    return input.width == image.width && input.height == image.height ? out : resizeImage(out, image.width, image.height);
}

const std::vector<std::string> &MultiDomainTranslator::domainNames() const { return d->names; }
int MultiDomainTranslator::domainIndex(const std::string &name) const { return d->project.domainIndex(name); }
std::int64_t MultiDomainTranslator::iteration() const { return d->loaded.iteration; }
std::string MultiDomainTranslator::deviceDescription() const { return describeDevice(d->device); }

ExportResult MultiDomainTranslator::exportFiles(const ExportPlan &plan, int target, const std::function<bool(const ExportProgress &)> &progress)
{
    if (target < 0 || target >= static_cast<int>(d->names.size()))
        throw Error("There is no domain number " + std::to_string(target + 1) + " in this project.");
    return exportImages(plan, [&](const Image &image) { return translate(image, target); }, progress);
}

} // namespace engine
