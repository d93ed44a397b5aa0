#pragma once
// CycleGanTrainer: trains a two-domain project's CycleGAN (models/cyclegan.h), resuming from its newest
// usable checkpoint (older ones are tried if the newest is damaged), with the data of the reference's
// unaligned dataset (data/sampler.h). The shared loop is TrainerBase's. Lives on the training thread.

#include "engine/project/options.h"
#include "training/trainerbase.h"

#include <torch/torch.h>

#include <memory>
#include <vector>

namespace engine {

class CycleGanModel;

class CycleGanTrainer final : public TrainerBase
{
public:
    CycleGanTrainer(const std::filesystem::path &projectDir, const RuntimeOptions &runtime, const TrainerCallbacks &callbacks = {},
                    TrainStart start = TrainStart::Resume);
    ~CycleGanTrainer() override;

    PreviewGrid makePreview() override;
    void writeGenerator(Direction direction, const std::filesystem::path &file) const override;
    const TrainOptions &options() const { return m_options; }
    CycleGanModel &model() { return *m_model; }

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
    void loadPreviewSamples();

    TrainOptions m_options;
    std::unique_ptr<CycleGanModel> m_model;
    std::vector<std::filesystem::path> m_filesA, m_filesB;
    std::vector<torch::Tensor> m_previewA, m_previewB;
};

} // namespace engine
