#include "engine/trainer.h"

#include "engine/atomicfile.h"
#include "engine/checkpoint.h"
#include "engine/cyclegan.h"
#include "engine/dataloader.h"
#include "engine/error.h"
#include "engine/estimate.h"
#include "engine/imageio.h"
#include "engine/losslog.h"
#include "engine/trainingloop.h"
#include "engine/project.h"
#include "engine/tensorimage.h"

#include <algorithm>
#include <cstdint>
#include <thread>

namespace fs = std::filesystem;

namespace engine {

namespace {

constexpr int kPreviewSamples = 3;

} // namespace

bool cudaAvailable() { return torch::cuda::is_available(); }

void warnAboutIgnoredSettings(const std::vector<std::string> &names, const std::function<void(const std::string &)> &warning)
{
    if (names.empty() || !warning)
        return;
    std::string list;
    for (const auto &n : names)
        list += (list.empty() ? "" : ", ") + n;
    warning("Training continues with the checkpoint's settings; the project's changed " + list +
            " only apply to a new project (or a fine-tuning project started from this one).");
}

std::string selectDevice(const RuntimeOptions &runtime)
{
    const int threads = runtime.threads > 0 ? runtime.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    // Debian's LibTorch starts with one intra-op thread; use the cores deliberately.
    torch::set_num_threads(threads);
    if (runtime.device == "cpu")
        return "cpu";
    if (runtime.device == "cuda") {
        if (!cudaAvailable())
            throw Error("A CUDA GPU was requested but none is available (this build of LibTorch may be CPU-only).");
        return "cuda";
    }
    if (runtime.device != "auto")
        throw Error("Unknown device \"" + runtime.device + "\"; use auto, cpu or cuda.");
    return cudaAvailable() ? "cuda" : "cpu";
}

std::string describeDevice(const std::string &device)
{
    if (device == "cuda") {
        const auto memory = deviceMemory(device);
        std::string text = memory.name;
        if (memory.totalBytes > 0)
            text += ", " + std::to_string((memory.totalBytes + (1 << 29)) >> 30) + " GB";
        return text;
    }
    return "CPU, " + std::to_string(torch::get_num_threads()) + " threads";
}

Image PreviewGrid::composed() const
{
    // Cells as rows of images (null: left empty); the two-domain grid has an extra gap between its A and
    // B halves.
    std::vector<std::vector<const Image *>> cells;
    size_t split = SIZE_MAX;
    if (!rows.empty()) {
        for (const auto &row : rows) {
            cells.emplace_back();
            for (const auto &img : row)
                cells.back().push_back(&img);
        }
    } else {
        const std::vector<Image> *columns[6] = {&realA, &fakeB, &recA, &realB, &fakeA, &recB};
        for (size_t r = 0; r < realA.size(); ++r) {
            cells.emplace_back();
            for (const auto *column : columns)
                cells.back().push_back(r < column->size() ? &(*column)[r] : nullptr);
        }
        split = 3;
    }
    if (cells.empty())
        return {};
    const int gap = 4;
    int cell = 0;
    size_t columnCount = 0;
    for (const auto &row : cells) {
        columnCount = std::max(columnCount, row.size());
        for (const auto *img : row)
            if (img)
                cell = std::max(cell, img->width);
    }
    Image out(static_cast<int>(columnCount) * (cell + gap), static_cast<int>(cells.size()) * (cell + gap));
    std::fill(out.rgb.begin(), out.rgb.end(), std::uint8_t(255));
    for (size_t r = 0; r < cells.size(); ++r)
        for (size_t c = 0; c < cells[r].size(); ++c) {
            const Image *img = cells[r][c];
            if (!img)
                continue;
            const int x0 = static_cast<int>(c) * (cell + gap) + (c >= split ? gap : 0), y0 = static_cast<int>(r) * (cell + gap);
            for (int y = 0; y < std::min(cell, img->height); ++y)
                std::copy_n(img->pixel(0, y), std::min(cell, img->width) * 3, out.pixel(x0, y0 + y));
        }
    return out;
}

struct Trainer::Private
{
    Project project;
    TrainerCallbacks callbacks;
    TrainOptions options;
    std::string device;
    std::unique_ptr<CycleGanModel> model;
    std::vector<fs::path> filesA, filesB;
    std::int64_t iteration = 0;
    std::int64_t perEpoch = 1;
    std::vector<torch::Tensor> previewA, previewB;

    void warn(const std::string &m) const
    {
        if (callbacks.warning)
            callbacks.warning(m);
    }
    void status(const std::string &m) const
    {
        if (callbacks.status)
            callbacks.status(m);
    }
    int epochOf(std::int64_t it) const { return static_cast<int>(it / perEpoch) + 1; }
    std::int64_t total() const { return static_cast<std::int64_t>(options.epochs + options.epochsDecay) * perEpoch; }

    void loadPreviewSamples();
};

Trainer::Trainer(const fs::path &projectDir, const RuntimeOptions &runtime, const TrainerCallbacks &callbacks)
    : d(std::make_unique<Private>(Private{Project::open(projectDir), callbacks, {}, {}, nullptr, {}, {}, 0, 1, {}, {}}))
{
    if (d->project.mode != ProjectMode::CycleGan)
        throw Error("\"" + displayPath(projectDir) + "\" is a multi-domain project; it is trained by the multi-domain trainer.");
    d->options = d->project.options;
    d->device = selectDevice(runtime);
    d->filesA = d->project.imagesA();
    d->filesB = d->project.imagesB();

    // Resume from the newest checkpoint that reads; report (and keep) any that do not.
    const auto checkpoints = d->project.checkpoints();
    for (auto it = checkpoints.rbegin(); it != checkpoints.rend(); ++it) {
        try {
            auto loaded = loadCheckpointModel(*it, d->device);
            // Network, data and optimiser settings come from the checkpoint so that resume is exact; the
            // schedule length and the preview/checkpoint intervals may be changed between runs.
            TrainOptions resumed = loaded.info.options;
            takeScheduleFrom(d->project.options, resumed);
            d->options = resumed;
            warnAboutIgnoredSettings(differingSettings(resumed, d->project.options), d->callbacks.warning);
            d->model = std::move(loaded.model);
            d->iteration = loaded.info.iteration;
            break;
        } catch (const Error &e) {
            d->warn(std::string("Could not resume from a checkpoint: ") + e.what() + " Trying an older one.");
        }
    }
    if (!d->model)
        d->model = std::make_unique<CycleGanModel>(d->options, torch::Device(d->device), d->options.seed);
    d->perEpoch = DataLoader::iterationsPerEpoch(d->filesA.size(), d->filesB.size(), d->options.batchSize);
    trimLossLog(d->project.lossesCsv(), d->iteration);
}

Trainer::~Trainer() = default;

void Trainer::Private::loadPreviewSamples()
{
    if (!previewA.empty())
        return;
    // Samples spread over the sorted list, so the grid shows different subjects, not one folder's start.
    auto load = [&](const std::vector<fs::path> &files, std::vector<torch::Tensor> &out) {
        const size_t n = files.size();
        for (size_t k = 0; k < n && static_cast<int>(out.size()) < kPreviewSamples; ++k) {
            const size_t index = (k % kPreviewSamples) * n / kPreviewSamples + k / kPreviewSamples;
            try {
                out.push_back(imageToTensor(resizeImage(loadImage(files[index % n]), options.cropSize, options.cropSize)));
            } catch (const Error &) {
                // Reported by the data loader when it meets the file.
            }
        }
    };
    load(filesA, previewA);
    load(filesB, previewB);
}

PreviewGrid Trainer::makePreview()
{
    d->loadPreviewSamples();
    torch::NoGradGuard noGrad;
    PreviewGrid grid;
    grid.iteration = d->iteration;
    auto &m = *d->model;
    const torch::Device dev(d->device);
    // real → translated → reconstructed, for one direction's fixed samples.
    auto cycle = [&](const std::vector<torch::Tensor> &samples, ResnetGenerator &there, ResnetGenerator &back,
                     std::vector<Image> &real, std::vector<Image> &fake, std::vector<Image> &rec) {
        for (const auto &sample : samples) {
            const auto x = sample.to(dev);
            const auto y = there->forward(x);
            real.push_back(tensorToImage(x));
            fake.push_back(tensorToImage(y));
            rec.push_back(tensorToImage(back->forward(y)));
        }
    };
    cycle(d->previewA, m.G_A, m.G_B, grid.realA, grid.fakeB, grid.recA);
    cycle(d->previewB, m.G_B, m.G_A, grid.realB, grid.fakeA, grid.recB);
    return grid;
}

void Trainer::saveCheckpoint()
{
    CheckpointInfo info;
    info.options = d->options;
    info.iteration = d->iteration;
    engine::saveCheckpoint(d->project.checkpointPath(d->iteration), *d->model, info);
    d->project.pruneCheckpoints(d->options.keepCheckpoints);
    d->status("Checkpoint saved at iteration " + std::to_string(d->iteration) + ".");
}

void Trainer::train(std::int64_t iterations)
{
    const std::int64_t total = d->total();
    const std::int64_t end = iterations > 0 ? std::min(total, d->iteration + iterations) : total;
    if (d->iteration >= end) {
        d->status("Training is already at the end of its schedule (" + std::to_string(total) + " iterations).");
        return;
    }
    validate(d->options);
    DataLoader loader(d->filesA, d->filesB, d->options, d->iteration, d->callbacks.warning);

    LossLog log(d->project.lossesCsv(), CycleGanModel::lossNames(d->options));
    TrainingSchedule schedule{d->perEpoch, d->options.epochs, d->options.epochsDecay, d->options.lr, d->options.previewEvery,
                              d->options.checkpointEvery};
    TrainingSteps steps;
    steps.step = [&](std::int64_t) {
        const Batch batch = loader.next();
        return d->model->step(batch.a, batch.b);
    };
    steps.setLearningRate = [&](double lr) { d->model->setLearningRate(lr); };
    steps.learningRate = [&] { return d->model->learningRate(); };
    steps.preview = [&] { return makePreview(); };
    steps.saveCheckpoint = [&] { saveCheckpoint(); };
    steps.previewPath = [&](std::int64_t it) { return d->project.previewPath(it); };
    runTrainingLoop(d->iteration, end, schedule, log, d->callbacks, steps);
}

void Trainer::exportModel(Direction direction, const fs::path &file) const
{
    ModelFileInfo info;
    info.model = d->options.model;
    info.direction = direction;
    info.trainedSize = d->options.cropSize;
    info.iteration = d->iteration;
    const auto &g = direction == Direction::AtoB ? d->model->G_A : d->model->G_B;
    saveGeneratorFile(file, *g, info);
}

std::int64_t Trainer::iteration() const { return d->iteration; }
std::int64_t Trainer::totalIterations() const { return d->total(); }
std::int64_t Trainer::iterationsPerEpoch() const { return d->perEpoch; }
int Trainer::epoch() const { return d->epochOf(d->iteration); }
std::string Trainer::deviceDescription() const { return describeDevice(d->device); }
const TrainOptions &Trainer::options() const { return d->options; }
const Project &Trainer::project() const { return d->project; }
CycleGanModel &Trainer::model() { return *d->model; }

} // namespace engine
