#include "training/trainerbase.h"

#include "core/gpu.h"
#include "data/dataloader.h"
#include "engine/core/error.h"
#include "engine/core/imageio.h"
#include "engine/core/atomicfile.h"
#include "engine/training/losslog.h"
#include "project/checkpointcatalog.h"
#include "project/projectlock.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace fs = std::filesystem;

namespace engine {

TrainerBase::TrainerBase(Project project, const RuntimeOptions &runtime, const TrainerCallbacks &callbacks, TrainStart start,
                         const std::string &format, int version)
    : m_lock(std::make_unique<ProjectLock>(project.dir())), m_project(std::move(project)), m_callbacks(callbacks), m_start(start),
      m_device(selectDevice(runtime))
{
    // Writes that a kill interrupted left temporary files; only trainers write under checkpoints/.
    removeOrphanTempFiles(m_project.checkpointsDir(), true);
    for (const auto &folder : {m_project.dir(), m_project.previewsDir(), m_project.lossesCsv().parent_path(), m_project.modelsDir()})
        removeOrphanTempFiles(folder);
    m_project.ensureId();
    m_catalog = std::make_unique<CheckpointCatalog>(m_project, format, version);
}

void TrainerBase::settleCheckpoints(bool resumed)
{
    const int unusable = static_cast<int>(m_catalog->rejected().size());
    m_catalog->quarantine(m_callbacks.warning);
    const auto log = m_project.lossesCsv();
    const auto history = readLossLog(log);
    const bool historyAfter = std::any_of(history.rows.begin(), history.rows.end(), [&](const auto &row) { return row.iteration > m_iteration; });
    if (!resumed && historyAfter) {
        if (m_start != TrainStart::Restart)
            throw RestartNeeded(
                "This project has a loss history but no checkpoint that can be used" +
                (unusable ? " (" + std::to_string(unusable) + " unusable file(s) were moved to checkpoints/damaged/)" : std::string()) +
                ". Training now would start again from scratch: run train with --restart to do that (the old loss history is kept).");
        std::error_code ec;
        fs::path aside = log.parent_path() / "losses-before-restart.csv";
        for (int n = 2; fs::exists(aside, ec); ++n)
            aside = log.parent_path() / ("losses-before-restart-" + std::to_string(n) + ".csv");
        fs::rename(log, aside, ec);
        if (ec)
            throw Error("Cannot keep the old loss history aside (" + ec.message() + "); nothing was changed.");
        warn("Starting again from scratch; the old loss history is kept in logs/" + displayPath(aside.filename()) + ".");
    }
    trimLossLog(log, m_iteration);
}

TrainerBase::~TrainerBase() = default;

void TrainerBase::warn(const std::string &message) const
{
    if (m_callbacks.warning)
        m_callbacks.warning(message);
}

void TrainerBase::status(const std::string &message) const
{
    if (m_callbacks.status)
        m_callbacks.status(message);
}

std::int64_t TrainerBase::totalIterations() const
{
    const auto s = schedule();
    return static_cast<std::int64_t>(s.epochs + s.epochsDecay) * m_perEpoch;
}

std::string TrainerBase::deviceDescription() const { return describeDevice(m_device); }

void TrainerBase::saveCheckpoint()
{
    const auto file = m_project.checkpointPath(m_iteration);
    writeCheckpoint(file);
    // Only valid checkpoints count, by their iteration: the newest is never removed.
    m_catalog->added(file, m_iteration, schedule().keepCheckpoints);
    status("Checkpoint saved at iteration " + std::to_string(m_iteration) + ".");
}

void TrainerBase::checkFinite(const LossValues &losses, std::int64_t iteration) const
{
    for (const auto &[name, value] : losses.entries)
        if (!std::isfinite(value))
            throw Error("Training diverged at iteration " + std::to_string(iteration) + ": the loss " + name +
                        " is no longer a finite number. Nothing from this iteration was saved, and the last checkpoint is kept; "
                        "lower the learning rate or the loss weights, then continue.");
}

void TrainerBase::record(const LossSample &sample, LossLog &log)
{
    log.append(sample.iteration, sample.epoch, sample.losses);
    if (m_callbacks.loss)
        m_callbacks.loss(sample);
}

void TrainerBase::preview()
{
    const PreviewGrid grid = makePreview();
    try {
        saveImage(grid.composed(), m_project.previewPath(m_iteration));
    } catch (const Error &e) {
        warn(std::string("The preview could not be saved: ") + e.what());
    }
    if (m_callbacks.preview)
        m_callbacks.preview(grid);
}

std::string TrainerBase::outOfMemoryAdvice(const TrainingSchedule &s) const
{
    const std::string where = m_device == ComputeDevice::Cuda ? "The GPU (" + describeDevice(m_device) + ")" : std::string("The computer");
    std::string text = where + " ran out of memory training at " + std::to_string(s.imageSize) + " px with a batch of " +
                       std::to_string(s.batchSize) + ". ";
    const int smaller = std::max(16, s.imageSize * 3 / 4 / 4 * 4);
    if (s.batchSize > 1)
        text += "Try a batch of " + std::to_string(s.batchSize / 2) + ", or a smaller image size (" + std::to_string(smaller) + " px).";
    else if (smaller < s.imageSize)
        text += "Try a smaller image size (" + std::to_string(smaller) + " px) or fewer residual blocks.";
    else
        text += "Try fewer residual blocks or a narrower network.";
    return text + " Progress up to the last checkpoint is kept.";
}

void TrainerBase::train(std::int64_t iterations)
{
    const TrainingSchedule s = schedule();
    const std::int64_t total = totalIterations();
    const std::int64_t end = iterations > 0 ? std::min(total, m_iteration + iterations) : total;
    if (m_iteration >= end) {
        status("Training is already at the end of its schedule (" + std::to_string(total) + " iterations).");
        return;
    }
    const auto loader = openLoader(m_iteration);
    LossLog log(m_project.lossesCsv(), lossNames());

    TrainProgress progress;
    progress.totalIterations = total;
    progress.totalEpochs = s.epochs + s.epochsDecay;
    progress.iterationsPerEpoch = m_perEpoch;
    double averageSeconds = 0;
    std::int64_t sinceCheckpoint = 0;
    bool stopped = false;
    try {
        while (m_iteration < end && !stopped) {
            const int epoch = epochOf(m_iteration);
            setLearningRate(s.lr * learningRateFactor(epoch, s.epochs, s.epochsDecay));
            const auto t0 = std::chrono::steady_clock::now();
            LossSample sample;
            sample.losses = step(loader->next());
            checkFinite(sample.losses, m_iteration + 1);
            ++m_iteration;
            ++sinceCheckpoint;
            sample.iteration = m_iteration;
            sample.epoch = epoch;
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            averageSeconds = averageSeconds == 0 ? seconds : 0.9 * averageSeconds + 0.1 * seconds;

            record(sample, log);
            if (m_iteration % s.previewEvery == 0 || m_iteration == 1)
                preview();
            if (sinceCheckpoint >= s.checkpointEvery) {
                log.flush();
                saveCheckpoint();
                sinceCheckpoint = 0;
            }
            progress.iteration = m_iteration;
            progress.epoch = epochOf(m_iteration == end ? m_iteration - 1 : m_iteration);
            progress.secondsPerIteration = averageSeconds;
            progress.learningRate = learningRate();
            if (m_callbacks.progress && !m_callbacks.progress(progress))
                stopped = true;
        }
    } catch (const c10::Error &e) {
        try {
            log.flush();
        } catch (const Error &) {
            // The training failure is what to report; the log's rows after the checkpoint are trimmed on resume.
        }
        if (isOutOfMemory(e))
            throw Error(outOfMemoryAdvice(s));
        throw Error(std::string("Training failed: ") + e.what_without_backtrace());
    } catch (const std::bad_alloc &) {
        throw Error(outOfMemoryAdvice(s));
    }
    log.flush();
    if (sinceCheckpoint > 0)
        saveCheckpoint();
}

void warnAboutIgnoredSettings(const std::vector<std::string> &names, const std::function<void(const std::string &)> &warning)
{
    if (names.empty() || !warning)
        return;
    std::string list;
    for (const auto &n : names)
        list += (list.empty() ? "" : ", ") + n;
    warning("Training continues with the checkpoint's settings; the project's changed " + list +
            " only apply to a new project (or a fine-tuning project started from this one).");
}

} // namespace engine
