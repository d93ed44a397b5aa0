#include "training/cyclegantrainer.h"

#include "core/tensorimage.h"
#include "data/dataloader.h"
#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/core/imageio.h"
#include "engine/training/losslog.h"
#include "models/cyclegan.h"
#include "project/checkpointio.h"

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace engine {

namespace {

constexpr int kPreviewSamples = 3;

Project openCycleGan(const fs::path &dir)
{
    auto project = Project::open(dir);
    if (project.mode != ProjectMode::CycleGan)
        throw Error("\"" + displayPath(dir) + "\" is a multi-domain project; it is trained by the multi-domain trainer.");
    return project;
}

} // namespace

CycleGanTrainer::CycleGanTrainer(const fs::path &projectDir, const RuntimeOptions &runtime, const TrainerCallbacks &callbacks,
                                 TrainStart start)
    : TrainerBase(openCycleGan(projectDir), runtime, callbacks, start, kCheckpointFormat, kCheckpointVersion)
{
    m_options = m_project.options;
    m_filesA = m_project.imagesA();
    m_filesB = m_project.imagesB();

    // Resume from the newest checkpoint that loads; the others are reported and moved aside.
    auto loaded = loadNewestCheckpoint(m_device, *m_catalog);
    if (loaded.model) {
        // Network, data and optimiser settings come from the checkpoint so that resume is exact; the
        // schedule length and the preview/checkpoint intervals may be changed between runs.
        TrainOptions resumed = loaded.info.options;
        takeScheduleFrom(m_project.options, resumed);
        resumed.precision = m_project.options.precision;
        m_options = resumed;
        warnAboutIgnoredSettings(differingSettings(resumed, m_project.options), m_callbacks.warning);
        m_model = std::move(loaded.model);
        m_model->setPrecision(resumed.precision);
        m_iteration = loaded.info.iteration;
    }
    settleCheckpoints(m_model != nullptr);
    if (!m_model)
        m_model = std::make_unique<CycleGanModel>(m_options, torchDevice(m_device), m_options.seed);
    if (m_options.precision == Precision::Bf16 && m_device != ComputeDevice::Cuda)
        warn("Mixed precision (bf16) is used on a CUDA GPU; on this " + describeDevice(m_device) + " training runs in 32-bit floats.");
    m_perEpoch = UnalignedSampler::iterationsPerEpoch(m_filesA.size(), m_filesB.size(), runBatch(m_options.batchSize));
}

CycleGanTrainer::~CycleGanTrainer() = default;

TrainingSchedule CycleGanTrainer::schedule() const
{
    return {m_options.epochs, m_options.epochsDecay, m_options.lr, m_options.previewEvery, m_options.checkpointEvery,
            m_options.keepCheckpoints, m_options.cropSize, m_options.batchSize};
}

std::vector<std::string> CycleGanTrainer::lossNames() const { return CycleGanModel::lossNames(m_options); }

std::unique_ptr<DataLoader> CycleGanTrainer::openLoader(std::int64_t start)
{
    validate(m_options);
    auto sampler = shard(std::make_unique<UnalignedSampler>(m_filesA.size(), m_filesB.size(), runBatch(m_options.batchSize),
                                                            m_options.loadSize, m_options.cropSize, m_options.flip, m_options.seed));
    LoaderOptions loader{m_options.loadSize, m_options.cropSize, m_callbacks.warning, m_device == ComputeDevice::Cuda};
    return std::make_unique<DataLoader>(std::vector<std::vector<fs::path>>{m_filesA, m_filesB}, std::vector<std::string>{"A", "B"},
                                        std::move(sampler), loader, start);
}

LossValues CycleGanTrainer::step(const Batch &batch) { return m_model->step(batch.images[0], batch.images[1]); }

void CycleGanTrainer::setLearningRate(double lr) { m_model->setLearningRate(lr); }

double CycleGanTrainer::learningRate() const { return m_model->learningRate(); }

void CycleGanTrainer::writeCheckpoint(const fs::path &file)
{
    CheckpointInfo info;
    info.options = m_options;
    info.iteration = m_iteration;
    info.projectId = m_project.id;
    engine::saveCheckpoint(file, *m_model, info);
}

ReplicatedModel &CycleGanTrainer::replicated() { return *m_model; }

std::string CycleGanTrainer::runDescription() const
{
    return "settings=" + std::to_string(std::hash<std::string>{}(nlohmann::json(m_options).dump())) + "\nimages=" +
           std::to_string(m_filesA.size()) + "+" + std::to_string(m_filesB.size());
}

void CycleGanTrainer::loadPreviewSamples()
{
    if (!m_previewA.empty())
        return;
    // Samples spread over the sorted list, so the grid shows different subjects, not one folder's start.
    auto load = [&](const std::vector<fs::path> &files, std::vector<torch::Tensor> &out) {
        const size_t n = files.size();
        for (size_t k = 0; k < n && static_cast<int>(out.size()) < kPreviewSamples; ++k) {
            const size_t index = (k % kPreviewSamples) * n / kPreviewSamples + k / kPreviewSamples;
            try {
                out.push_back(imageToTensor(resizeImage(loadImage(files[index % n]), m_options.cropSize, m_options.cropSize)));
            } catch (const Error &) {
                // Reported by the data loader when it meets the file.
            }
        }
    };
    load(m_filesA, m_previewA);
    load(m_filesB, m_previewB);
}

void CycleGanTrainer::writeGenerator(Direction direction, const std::filesystem::path &file) const
{
    ModelFileInfo info;
    info.model = m_options.model;
    info.direction = direction;
    info.trainedSize = m_options.cropSize;
    info.iteration = iteration();
    info.source = project().dir().string();
    saveGeneratorFile(file, direction == Direction::AtoB ? *m_model->G_A : *m_model->G_B, info);
}

PreviewGrid CycleGanTrainer::makePreview()
{
    loadPreviewSamples();
    torch::NoGradGuard noGrad;
    PreviewGrid grid;
    grid.iteration = m_iteration;
    auto &m = *m_model;
    const auto dev = torchDevice(m_device);
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
    cycle(m_previewA, m.G_A, m.G_B, grid.realA, grid.fakeB, grid.recA);
    cycle(m_previewB, m.G_B, m.G_A, grid.realB, grid.fakeA, grid.recB);
    return grid;
}

} // namespace engine
