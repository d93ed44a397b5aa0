#pragma once
// MultiDomainTrainer: trains a multi-domain (StarGAN) project (Project::mode == MultiDomain) with the
// same callbacks, loss log, preview files and atomic checkpoints as the CycleGAN mode; the shared loop
// is TrainerBase's. Every image of every domain is in one seeded permutation per epoch
// (LabelledSampler), so a resumed run sees the batches an uninterrupted one would. Lives on the thread
// that calls train().

#include "engine/project/options.h"
#include "training/trainerbase.h"

#include <torch/torch.h>

#include <memory>
#include <utility>
#include <vector>

namespace engine {

class StarGanModel;

class MultiDomainTrainer final : public TrainerBase
{
public:
    MultiDomainTrainer(const std::filesystem::path &projectDir, const RuntimeOptions &runtime, const TrainerCallbacks &callbacks = {},
                       TrainStart start = TrainStart::Resume);
    ~MultiDomainTrainer() override;

    PreviewGrid makePreview() override;
    StarGanModel &model() { return *m_model; }

private:
    TrainingSchedule schedule() const override;
    std::vector<std::string> lossNames() const override;
    std::unique_ptr<DataLoader> openLoader(std::int64_t start) override;
    LossValues step(const Batch &batch) override;
    void setLearningRate(double lr) override;
    double learningRate() const override;
    void writeCheckpoint(const std::filesystem::path &file) override;
    ReplicatedModel &replicated() override;
    std::string runDescription() const override;
    std::uint64_t seed() const override { return m_options.seed; }

    MultiDomainOptions m_options;
    std::unique_ptr<StarGanModel> m_model;
    std::vector<std::vector<std::filesystem::path>> m_files; // per domain
    std::vector<std::pair<torch::Tensor, int>> m_previewSamples;
};

// The domain names of a project, in label order.
std::vector<std::string> domainNamesOf(const Project &project);

} // namespace engine
