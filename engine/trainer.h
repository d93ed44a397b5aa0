#pragma once
// Trainer: trains a project's CycleGAN, resuming from its newest readable checkpoint, writing the loss log,
// cycle previews and checkpoints. Reports through callbacks; the progress callback returning false stops
// training at the end of the current iteration (a checkpoint is written before train() returns).
// Lives on the thread that calls train() (the CLI's main thread, or the app's worker thread). No torch in
// this header.

#include "engine/image.h"
#include "engine/lossvalues.h"
#include "engine/options.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace engine {

class CycleGanModel;
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

// Rows of real A | A→B | A→B→A and real B | B→A | B→A→B on fixed samples; or, in the multi-domain mode,
// `rows`: for each sample a row real | into domain 1 | … | into domain N and under it a row of the
// translations brought back to the sample's own domain (the first cell left empty).
struct PreviewGrid
{
    std::int64_t iteration = 0;
    std::vector<Image> realA, fakeB, recA, realB, fakeA, recB;
    std::vector<std::vector<Image>> rows;
    Image composed() const; // one picture
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
    Trainer(const std::filesystem::path &projectDir, const RuntimeOptions &runtime, const TrainerCallbacks &callbacks = {});
    ~Trainer();

    // Trains `iterations` more iterations (<= 0: to the end of the schedule) unless stopped.
    void train(std::int64_t iterations);

    void saveCheckpoint();
    void exportModel(Direction direction, const std::filesystem::path &file) const;
    PreviewGrid makePreview();

    std::int64_t iteration() const;
    std::int64_t totalIterations() const;
    std::int64_t iterationsPerEpoch() const;
    int epoch() const; // 1-based epoch of the next iteration
    std::string deviceDescription() const;
    const TrainOptions &options() const;
    const Project &project() const;
    CycleGanModel &model();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// The device to run on: "auto" picks CUDA when available. Throws if "cuda" is asked for and missing.
// Also sets LibTorch's CPU threads (0 = all cores).
std::string selectDevice(const RuntimeOptions &runtime);
bool cudaAvailable();
// Resume is exact, so network, loss and optimiser settings come from the checkpoint; this reports the
// project settings (by JSON name) that are therefore not used.
void warnAboutIgnoredSettings(const std::vector<std::string> &names, const std::function<void(const std::string &)> &warning);
std::string describeDevice(const std::string &device);

} // namespace engine
