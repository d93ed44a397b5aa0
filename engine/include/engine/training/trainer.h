#pragma once
// Trainer: one training interface for both modes. openTrainer() opens a project and returns the trainer
// its mode needs (CycleGAN, or multi-domain StarGAN); the command-line tool and the app's worker use it
// without knowing the mode. A trainer resumes from the project's newest readable checkpoint, writes the
// loss log, previews and checkpoints, and reports through callbacks; the progress callback returning
// false stops training at the end of the current iteration (a checkpoint is written before train()
// returns). Lives on the thread that calls train() (the CLI's main thread, or the app's worker thread).
// No torch here.

#include "engine/core/device.h"
#include "engine/core/error.h"
#include "engine/project/options.h"
#include "engine/training/lossvalues.h"
#include "engine/training/preview.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace engine {

class Project;

struct TrainProgress
{
    std::int64_t iteration = 0;        // iterations completed
    std::int64_t totalIterations = 0;  // at the end of the schedule
    int epoch = 1;                     // the epoch being trained (1-based)
    int totalEpochs = 1;
    std::int64_t iterationsPerEpoch = 1;
    double secondsPerIteration = 0;    // moving average
    double learningRate = 0;
};

struct LossSample
{
    std::int64_t iteration = 0; // the iteration these losses belong to (1-based)
    int epoch = 1;
    LossValues losses;
};

struct TrainerCallbacks
{
    std::function<bool(const TrainProgress &)> progress; // return false to stop
    std::function<void(const LossSample &)> loss;
    std::function<void(const PreviewGrid &)> preview;
    std::function<void(const std::string &)> warning; // skipped files, unreadable checkpoints
    std::function<void(const std::string &)> status;  // "Checkpoint saved at iteration N."
};

class Trainer
{
public:
    virtual ~Trainer() = default;

    // Trains `iterations` more iterations (<= 0: to the end of the schedule) unless stopped.
    virtual void train(std::int64_t iterations) = 0;
    virtual void saveCheckpoint() = 0;
    virtual PreviewGrid makePreview() = 0;

    virtual std::int64_t iteration() const = 0;
    virtual std::int64_t totalIterations() const = 0;
    virtual std::int64_t iterationsPerEpoch() const = 0;
    virtual int epoch() const = 0; // 1-based epoch of the next iteration
    virtual std::string deviceDescription() const = 0;
    // For a distributed run, "2 processes (gloo); the batch of the whole run is 2 (2 × 1)"; else "".
    virtual std::string worldDescription() const = 0;
    virtual const Project &project() const = 0;
    // Writes one direction's generator as it is now as a model file (between iterations, on the training
    // thread): a look at the weights in training without waiting for a checkpoint. Throws engine::Error
    // for a project without directions (multi-domain).
    virtual void writeGenerator(Direction direction, const std::filesystem::path &file) const;
};

// Resume (the default) refuses to start from scratch when the project has a loss history but no checkpoint
// that can be used: that would begin the history again. Restart does it, keeping the old history beside
// the new one (logs/losses-before-restart.csv).
enum class TrainStart { Resume, Restart };

// Thrown by openTrainer when only a restart could train the project; the message says why.
class RestartNeeded : public Error
{
public:
    using Error::Error;
};

// The trainer for the project's mode; it holds the project's lock (one writer per project) until it is
// destroyed. Throws engine::Error (no project, unreadable settings, no images, another process training
// it) or RestartNeeded.
std::unique_ptr<Trainer> openTrainer(const std::filesystem::path &projectDir, const RuntimeOptions &runtime,
                                     const TrainerCallbacks &callbacks = {}, TrainStart start = TrainStart::Resume);

} // namespace engine
