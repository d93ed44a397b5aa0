#include "training/multidomaintrainer.h"

#include "core/tensorimage.h"
#include "data/dataloader.h"
#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/core/imageio.h"
#include "engine/training/losslog.h"
#include "models/stargan.h"
#include "project/checkpointcatalog.h"
#include "project/checkpointio.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace fs = std::filesystem;

namespace engine {

namespace {

constexpr int kPreviewDomains = 8; // preview rows: one sample from each of the first domains

Project openMultiDomain(const fs::path &dir)
{
    auto project = Project::open(dir);
    if (project.mode != ProjectMode::MultiDomain)
        throw Error("\"" + displayPath(dir) + "\" is a two-domain (CycleGAN) project, not a multi-domain one.");
    return project;
}

} // namespace

std::vector<std::string> domainNamesOf(const Project &project)
{
    std::vector<std::string> names;
    for (const auto &d : project.namedDomains)
        names.push_back(d.name);
    return names;
}

MultiDomainTrainer::MultiDomainTrainer(const fs::path &projectDir, const RuntimeOptions &runtime, const TrainerCallbacks &callbacks,
                                       TrainStart start)
    : TrainerBase(openMultiDomain(projectDir), runtime, callbacks, start, kMultiDomainFormat, kMultiDomainCheckpointVersion)
{
    m_options = m_project.multiDomain;
    std::size_t images = 0;
    for (size_t i = 0; i < m_project.namedDomains.size(); ++i) {
        m_files.push_back(m_project.domainImages(i));
        images += m_files.back().size();
    }
    auto loaded = loadNewestMultiDomain(m_project, m_device, *m_catalog);
    if (loaded.model) {
        // Network and optimiser settings come from the checkpoint (exact resume); the schedule length and
        // intervals may be changed between runs.
        MultiDomainOptions resumed = loaded.model->options();
        takeScheduleFrom(m_options, resumed);
        warnAboutIgnoredSettings(differingSettings(resumed, m_options), m_callbacks.warning);
        m_options = resumed;
        m_model = std::move(loaded.model);
        m_iteration = loaded.iteration;
    }
    settleCheckpoints(m_model != nullptr);
    if (!m_model)
        m_model = std::make_unique<StarGanModel>(m_options, static_cast<int>(m_files.size()), torchDevice(m_device), m_options.seed);
    m_perEpoch = LabelledSampler::iterationsPerEpoch(images, runBatch(m_options.batchSize));
}

MultiDomainTrainer::~MultiDomainTrainer() = default;

TrainingSchedule MultiDomainTrainer::schedule() const
{
    return {m_options.epochs, m_options.epochsDecay, m_options.lr, m_options.previewEvery, m_options.checkpointEvery,
            m_options.keepCheckpoints, m_options.imageSize, m_options.batchSize};
}

std::vector<std::string> MultiDomainTrainer::lossNames() const { return StarGanModel::lossNames(); }

std::unique_ptr<DataLoader> MultiDomainTrainer::openLoader(std::int64_t start)
{
    std::vector<std::size_t> counts;
    std::vector<std::string> names;
    for (size_t i = 0; i < m_files.size(); ++i) {
        counts.push_back(m_files[i].size());
        names.push_back("\"" + m_project.namedDomains[i].name + "\"");
    }
    auto sampler = shard(std::make_unique<LabelledSampler>(counts, runBatch(m_options.batchSize), m_options.flip, m_options.seed));
    LoaderOptions loader{m_options.imageSize, m_options.imageSize, m_callbacks.warning, m_device == ComputeDevice::Cuda};
    return std::make_unique<DataLoader>(m_files, names, std::move(sampler), loader, start);
}

LossValues MultiDomainTrainer::step(const Batch &batch) { return m_model->step(batch.images[0], batch.labels); }

void MultiDomainTrainer::setLearningRate(double lr) { m_model->setLearningRate(lr); }

double MultiDomainTrainer::learningRate() const { return m_model->learningRate(); }

void MultiDomainTrainer::writeCheckpoint(const fs::path &file)
{
    saveMultiDomainCheckpoint(file, *m_model, m_iteration, domainNamesOf(m_project), m_project.id);
}

ReplicatedModel &MultiDomainTrainer::replicated() { return *m_model; }

std::string MultiDomainTrainer::runDescription() const
{
    std::string counts;
    for (const auto &files : m_files)
        counts += (counts.empty() ? "" : "+") + std::to_string(files.size());
    return "settings=" + std::to_string(std::hash<std::string>{}(nlohmann::json(m_options).dump())) + "\nimages=" + counts;
}

PreviewGrid MultiDomainTrainer::makePreview()
{
    if (m_previewSamples.empty()) {
        // The first readable image of each of the first domains.
        for (size_t d = 0; d < m_files.size() && m_previewSamples.size() < size_t(kPreviewDomains); ++d)
            for (const auto &file : m_files[d]) {
                try {
                    const auto image = resizeImage(loadImage(file), m_options.imageSize, m_options.imageSize);
                    m_previewSamples.emplace_back(imageToTensor(image), static_cast<int>(d));
                    break;
                } catch (const Error &) {
                    // Reported by the data loader when it meets the file.
                }
            }
    }
    torch::NoGradGuard noGrad;
    PreviewGrid grid;
    grid.iteration = m_iteration;
    auto &G = m_model->G;
    const int domains = m_model->domains();
    const auto dev = torchDevice(m_device);
    for (const auto &[sample, label] : m_previewSamples) {
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

} // namespace engine
