#pragma once
// The iteration loop that both trainers (Trainer, MultiDomainTrainer) run: the per-epoch learning rate,
// timing, the loss log, previews (saved and reported), checkpoints every N iterations and at the end,
// progress reports and stopping, and LibTorch failures turned into sentences (engine::Error). The
// trainers supply what differs through TrainingSteps. Runs on the training thread. No torch here.

#include "engine/losslog.h"
#include "engine/trainer.h"

#include <cstdint>
#include <filesystem>
#include <functional>

namespace engine {

struct TrainingSchedule
{
    std::int64_t perEpoch = 1;
    int epochs = 1, epochsDecay = 0; // constant, then linear decay to zero (learningRateFactor)
    double lr = 2e-4;
    int previewEvery = 1, checkpointEvery = 1;
};

struct TrainingSteps
{
    std::function<LossValues(std::int64_t iteration)> step; // fetch the iteration's batch and update the model
    std::function<void(double)> setLearningRate;
    std::function<double()> learningRate;
    std::function<PreviewGrid()> preview;
    std::function<void()> saveCheckpoint;
    std::function<std::filesystem::path(std::int64_t)> previewPath;
};

// Trains from `iteration` (advanced in place) to `end` unless the progress callback stops it; a
// checkpoint is written before it returns when any iteration ran since the last one.
void runTrainingLoop(std::int64_t &iteration, std::int64_t end, const TrainingSchedule &schedule, LossLog &log,
                     const TrainerCallbacks &callbacks, const TrainingSteps &steps);

} // namespace engine
