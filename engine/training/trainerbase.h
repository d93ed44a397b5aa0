#pragma once
// TrainerBase: what both trainers (CycleGanTrainer, MultiDomainTrainer) share — the project, callbacks
// and device, the iteration count, and the iteration loop: the per-epoch learning rate, timing, the loss
// log, previews (saved and reported), checkpoints every N iterations and at the end (then pruned),
// progress reports and stopping, and LibTorch failures turned into sentences (engine::Error). Each mode
// supplies its data loader, its model's step, preview and checkpoint file. Lives on the training thread.

#include "engine/project/project.h"
#include "engine/training/trainer.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace engine {

class CheckpointCatalog;
class DataLoader;
class LossLog;
class ProjectLock;
struct Batch;

struct TrainingSchedule
{
    int epochs = 1, epochsDecay = 0; // constant, then linear decay to zero (learningRateFactor)
    double lr = 2e-4;
    int previewEvery = 1, checkpointEvery = 1, keepCheckpoints = 3;
    int imageSize = 0, batchSize = 1; // for the advice when memory runs out
};

class TrainerBase : public Trainer
{
public:
    ~TrainerBase() override;

    void train(std::int64_t iterations) final;
    void saveCheckpoint() final;
    std::int64_t iteration() const final { return m_iteration; }
    std::int64_t totalIterations() const final;
    std::int64_t iterationsPerEpoch() const final { return m_perEpoch; }
    int epoch() const final { return epochOf(m_iteration); }
    std::string deviceDescription() const final;
    const Project &project() const final { return m_project; }

protected:
    // Takes the project's lock, removes temporary files left by killed writers, gives an old project its
    // id, and lists the project's checkpoints of `format`.
    TrainerBase(Project project, const RuntimeOptions &runtime, const TrainerCallbacks &callbacks, TrainStart start,
                const std::string &format, int version);

    // After the subclass has tried the catalog: reports and moves the checkpoints that could not be used,
    // and, when none was (resumed false), refuses to start from scratch over a loss history unless
    // restarting. Then trims the loss log to the iteration training continues from.
    void settleCheckpoints(bool resumed);

    virtual TrainingSchedule schedule() const = 0;
    virtual std::vector<std::string> lossNames() const = 0;
    // A loader whose first batch is the one of iteration `start`.
    virtual std::unique_ptr<DataLoader> openLoader(std::int64_t start) = 0;
    virtual LossValues step(const Batch &batch) = 0;
    virtual void setLearningRate(double lr) = 0;
    virtual double learningRate() const = 0;
    virtual void writeCheckpoint(const std::filesystem::path &file) = 0;

    void warn(const std::string &message) const;
    void checkFinite(const LossValues &losses, std::int64_t iteration) const;
    void record(const LossSample &sample, LossLog &log);
    void preview(); // made, saved and reported
    void status(const std::string &message) const;
    // What to change when the device's memory runs out: a smaller batch or image size, by name.
    std::string outOfMemoryAdvice(const TrainingSchedule &schedule) const;
    int epochOf(std::int64_t iteration) const { return static_cast<int>(iteration / m_perEpoch) + 1; }

    std::unique_ptr<ProjectLock> m_lock; // first: held before anything is read or written
    Project m_project;
    TrainerCallbacks m_callbacks;
    TrainStart m_start;
    std::unique_ptr<CheckpointCatalog> m_catalog;
    ComputeDevice m_device;
    std::int64_t m_iteration = 0;
    std::int64_t m_perEpoch = 1;
};

// Resume is exact, so network, loss and optimiser settings come from the checkpoint; this reports the
// project settings (by JSON name) that are therefore not used.
void warnAboutIgnoredSettings(const std::vector<std::string> &names, const std::function<void(const std::string &)> &warning);

} // namespace engine
