#pragma once
// TrainerBase: what both trainers (CycleGanTrainer, MultiDomainTrainer) share — the project, callbacks
// and device, the iteration count, and the iteration loop: the per-epoch learning rate, timing, the loss
// log, previews (saved and reported), checkpoints every N iterations and at the end (then pruned),
// progress reports and stopping, and LibTorch failures turned into sentences (engine::Error). Each mode
// supplies its data loader, its model's step, preview and checkpoint file. Lives on the training thread.
//
// Distributed (RuntimeOptions::world, several ranks): every rank runs this loop on its shard of each
// batch; the gradients are averaged before each update, the losses averaged for the record, and a stop
// on any rank stops all at the same iteration. Rank 0 alone holds the project's lock and writes the
// loss log, previews and checkpoints (with every rank's local state gathered into them).

#include "engine/project/project.h"
#include "engine/training/trainer.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace engine {

class CheckpointCatalog;
class Communicator;
class DataLoader;
class LossLog;
class ProjectLock;
class ReplicatedModel;
class Sampler;
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
    std::string worldDescription() const final;
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
    // The model as distributed training sees it, what must be equal on every rank (the settings as
    // JSON, the image counts), and the seed ranks without a saved local state start from.
    virtual ReplicatedModel &replicated() = 0;
    virtual std::string runDescription() const = 0;
    virtual std::uint64_t seed() const = 0;

    // The batch of the whole run (every rank's together), and this rank's part of a sampler of it.
    int runBatch(int batch) const { return batch * m_worldSize; }
    std::unique_ptr<Sampler> shard(std::unique_ptr<Sampler> whole) const;
    bool writer() const { return m_rank == 0; } // the rank that writes to the project

    void warn(const std::string &message) const;
    void checkFinite(const LossValues &losses, std::int64_t iteration) const;
    void record(const LossSample &sample, LossLog *log); // log: rank 0 only
    void preview(); // made, saved and reported
    void status(const std::string &message) const;
    // What to change when the device's memory runs out: a smaller batch or image size, by name.
    std::string outOfMemoryAdvice(const TrainingSchedule &schedule) const;
    int epochOf(std::int64_t iteration) const { return static_cast<int>(iteration / m_perEpoch) + 1; }

    std::unique_ptr<ProjectLock> m_lock; // rank 0's (the project's one writer), taken before it writes anything
    Project m_project;
    TrainerCallbacks m_callbacks;
    TrainStart m_start;
    std::unique_ptr<CheckpointCatalog> m_catalog;
    ComputeDevice m_device;
    std::int64_t m_iteration = 0;
    std::int64_t m_perEpoch = 1;
    std::unique_ptr<Communicator> m_comm; // null in a single process
    int m_rank = 0, m_worldSize = 1;

private:
    void trainLoop(std::int64_t iterations);
    // Once, before the first iteration: the ranks agree on what they train, take rank 0's weights and
    // their own local state, and the user hears what changes when the number of processes did.
    void joinRun();
    LossValues averaged(const LossValues &losses); // over the ranks
    bool m_joined = false;
};

// Resume is exact, so network, loss and optimiser settings come from the checkpoint; this reports the
// project settings (by JSON name) that are therefore not used.
void warnAboutIgnoredSettings(const std::vector<std::string> &names, const std::function<void(const std::string &)> &warning);

} // namespace engine
