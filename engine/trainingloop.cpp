#include "engine/trainingloop.h"

#include "engine/cyclegan.h" // learningRateFactor
#include "engine/error.h"
#include "engine/imageio.h"

#include <chrono>

namespace engine {

namespace {

bool isOutOfMemory(const std::exception &e)
{
    const std::string what = e.what();
    return what.find("out of memory") != std::string::npos || what.find("DefaultCPUAllocator") != std::string::npos;
}

} // namespace

void runTrainingLoop(std::int64_t &iteration, std::int64_t end, const TrainingSchedule &schedule, LossLog &log,
                     const TrainerCallbacks &callbacks, const TrainingSteps &steps)
{
    auto epochOf = [&](std::int64_t it) { return static_cast<int>(it / schedule.perEpoch) + 1; };
    TrainProgress progress;
    progress.totalIterations = static_cast<std::int64_t>(schedule.epochs + schedule.epochsDecay) * schedule.perEpoch;
    progress.totalEpochs = schedule.epochs + schedule.epochsDecay;
    progress.iterationsPerEpoch = schedule.perEpoch;
    double averageSeconds = 0;
    std::int64_t sinceCheckpoint = 0;
    bool stopped = false;
    try {
        while (iteration < end && !stopped) {
            const int epoch = epochOf(iteration);
            steps.setLearningRate(schedule.lr * learningRateFactor(epoch, schedule.epochs, schedule.epochsDecay));
            const auto t0 = std::chrono::steady_clock::now();
            LossSample sample;
            sample.losses = steps.step(iteration);
            ++iteration;
            ++sinceCheckpoint;
            sample.iteration = iteration;
            sample.epoch = epoch;
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            averageSeconds = averageSeconds == 0 ? seconds : 0.9 * averageSeconds + 0.1 * seconds;

            log.append(sample.iteration, sample.epoch, sample.losses);
            if (callbacks.loss)
                callbacks.loss(sample);
            if (iteration % schedule.previewEvery == 0 || iteration == 1) {
                const PreviewGrid grid = steps.preview();
                try {
                    saveImage(grid.composed(), steps.previewPath(iteration));
                } catch (const Error &e) {
                    if (callbacks.warning)
                        callbacks.warning(std::string("The preview could not be saved: ") + e.what());
                }
                if (callbacks.preview)
                    callbacks.preview(grid);
            }
            if (sinceCheckpoint >= schedule.checkpointEvery) {
                log.flush();
                steps.saveCheckpoint();
                sinceCheckpoint = 0;
            }
            progress.iteration = iteration;
            progress.epoch = epochOf(iteration == end ? iteration - 1 : iteration);
            progress.secondsPerIteration = averageSeconds;
            progress.learningRate = steps.learningRate();
            if (callbacks.progress && !callbacks.progress(progress))
                stopped = true;
        }
    } catch (const c10::Error &e) {
        log.flush();
        if (isOutOfMemory(e))
            throw Error("Training ran out of memory. Try a smaller image size, fewer residual blocks or a smaller batch. "
                        "Progress up to the last checkpoint is kept.");
        throw Error(std::string("Training failed: ") + e.what_without_backtrace());
    } catch (const std::bad_alloc &) {
        throw Error("Training ran out of memory. Try a smaller image size or batch. Progress up to the last checkpoint is kept.");
    }
    log.flush();
    if (sinceCheckpoint > 0)
        steps.saveCheckpoint();
}

} // namespace engine
