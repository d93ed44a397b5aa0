#include "training/trainerbase.h"

#include "core/gpu.h"
#include "data/dataloader.h"
#include "distributed/communicator.h"
#include "models/replicated.h"
#include "data/sampler.h"
#include "engine/core/error.h"
#include "engine/core/imageio.h"
#include "engine/core/atomicfile.h"
#include "engine/training/losslog.h"
#include "project/checkpointcatalog.h"
#include "project/projectlock.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace fs = std::filesystem;

namespace engine {

TrainerBase::TrainerBase(Project project, const RuntimeOptions &runtime, const TrainerCallbacks &callbacks, TrainStart start,
                         const std::string &format, int version)
    : m_project(std::move(project)), m_callbacks(callbacks), m_start(start), m_device(selectDevice(runtime)),
      m_rank(runtime.world.rank), m_worldSize(runtime.world.worldSize)
{
    if (runtime.world.distributed())
        m_comm = std::make_unique<Communicator>(runtime.world, m_device);
    if (writer()) {
        try {
            m_lock = std::make_unique<ProjectLock>(m_project.dir());
            // Writes that a kill interrupted left temporary files; only trainers write under checkpoints/.
            removeOrphanTempFiles(m_project.checkpointsDir(), true);
            for (const auto &folder : {m_project.dir(), m_project.previewsDir(), m_project.lossesCsv().parent_path(), m_project.modelsDir()})
                removeOrphanTempFiles(folder);
            m_project.ensureId();
        } catch (const Error &e) {
            if (m_comm)
                m_comm->reportFailure(e.what());
            throw;
        }
        if (m_comm)
            m_comm->signal("project-ready");
    } else {
        // Rank 0 has cleaned up and given the project its id; read it as rank 0 left it.
        m_comm->waitFor("project-ready");
        m_project = Project::open(m_project.dir());
    }
    m_catalog = std::make_unique<CheckpointCatalog>(m_project, format, version);
}

void TrainerBase::settleCheckpoints(bool resumed)
{
    const int unusable = static_cast<int>(m_catalog->rejected().size());
    const fs::path damaged = m_project.checkpointsDir() / "damaged";
    std::error_code ec;
    const bool unusableBefore = unusable > 0 || (fs::is_directory(damaged, ec) && !fs::is_empty(damaged, ec));
    if (!writer()) {
        // Rank 0 reports and moves the unusable checkpoints, and trims the log; this rank only decides
        // the same way.
        const auto history = readLossLog(m_project.lossesCsv());
        if (!resumed && m_start != TrainStart::Restart && unusableBefore &&
            std::any_of(history.rows.begin(), history.rows.end(), [&](const auto &row) { return row.iteration > m_iteration; }))
            throw RestartNeeded("This project has a loss history but no checkpoint that can be used; run train with --restart.");
        return;
    }
    m_catalog->quarantine(m_callbacks.warning);
    const auto log = m_project.lossesCsv();
    const auto history = readLossLog(log);
    const bool historyAfter = std::any_of(history.rows.begin(), history.rows.end(), [&](const auto &row) { return row.iteration > m_iteration; });
    if (!resumed && historyAfter) {
        // Checkpoints that existed and cannot be used are the user's to judge; a run that stopped before
        // its first checkpoint left only a log, and starting again loses nothing that could be resumed.
        if (m_start != TrainStart::Restart && unusableBefore)
            throw RestartNeeded(
                "This project has a loss history but no checkpoint that can be used" +
                (unusable ? " (" + std::to_string(unusable) + " unusable file(s) were moved to checkpoints/damaged/)" : std::string()) +
                ". Training now would start again from scratch: run train with --restart to do that (the old loss history is kept).");
        fs::path aside = log.parent_path() / "losses-before-restart.csv";
        for (int n = 2; fs::exists(aside, ec); ++n)
            aside = log.parent_path() / ("losses-before-restart-" + std::to_string(n) + ".csv");
        fs::rename(log, aside, ec);
        if (ec)
            throw Error("Cannot keep the old loss history aside (" + ec.message() + "); nothing was changed.");
        warn(std::string(m_start == TrainStart::Restart ? "Starting again from scratch"
                                                        : "The last run stopped before its first checkpoint, so training starts again") +
             "; the old loss history is kept in logs/" + displayPath(aside.filename()) + ".");
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

std::string TrainerBase::worldDescription() const
{
    if (!m_comm)
        return "";
    const int batch = schedule().batchSize;
    return std::to_string(m_worldSize) + " processes (" + m_comm->backend() + "); the batch of the whole run is " +
           std::to_string(runBatch(batch)) + " (" + std::to_string(m_worldSize) + " × " + std::to_string(batch) + ")";
}

std::unique_ptr<Sampler> TrainerBase::shard(std::unique_ptr<Sampler> whole) const
{
    if (m_worldSize == 1)
        return whole;
    return std::make_unique<ShardedSampler>(std::move(whole), m_rank, m_worldSize);
}

void TrainerBase::saveCheckpoint()
{
    if (m_comm) {
        // Every rank's pools and generators go into rank 0's checkpoint, for an exact resume.
        auto states = m_comm->gather(replicated().localState());
        if (!writer())
            return;
        replicated().rankStates = std::move(states);
    }
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

void TrainerBase::record(const LossSample &sample, LossLog *log)
{
    if (log)
        log->append(sample.iteration, sample.epoch, sample.losses);
    if (m_callbacks.loss)
        m_callbacks.loss(sample);
}

void TrainerBase::preview()
{
    if (!writer())
        return;
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

void TrainerBase::joinRun()
{
    if (m_joined)
        return;
    m_joined = true;
    auto &model = replicated();
    const int savedRanks = std::max<int>(1, static_cast<int>(model.rankStates.size()));
    const bool resumed = m_iteration > 0;
    if (m_comm) {
        m_comm->checkAgreement("project=" + m_project.id + "\nprogram=" + std::string(CYCLESTUDIO_VERSION) + "\niteration=" + std::to_string(m_iteration) +
                               "\nprocesses=" + std::to_string(m_worldSize) + "\ndevice=" + computeDeviceName(m_device) + "\n" +
                               runDescription());
        m_comm->broadcast(model.sharedTensors());
        model.beforeUpdate = [this](torch::optim::Optimizer &optimizer) { m_comm->averageGradients(optimizer); };
    }
    if (m_rank > 0) {
        if (static_cast<size_t>(m_rank) < model.rankStates.size())
            model.setLocalState(model.rankStates[static_cast<size_t>(m_rank)]);
        else
            model.resetLocalState(splitmix(seed() ^ splitmix(static_cast<std::uint64_t>(m_rank))));
    }
    model.rankStates.clear();
    if (resumed && savedRanks != m_worldSize && writer()) {
        const auto s = schedule();
        auto processes = [](int n) { return std::to_string(n) + (n == 1 ? " process" : " processes"); };
        auto ranks = [](int first, int last) {
            return first == last ? "rank " + std::to_string(first) : "ranks " + std::to_string(first) + "–" + std::to_string(last);
        };
        std::string what = "This checkpoint was written by a run of " + processes(savedRanks) + "; this run has " + processes(m_worldSize) +
                           ", so the batch of the whole run is now " + std::to_string(runBatch(s.batchSize)) + " instead of " +
                           std::to_string(s.batchSize * savedRanks) + " and an epoch is " + std::to_string(m_perEpoch) +
                           " iterations (the learning-rate schedule follows the new epochs)";
        if (m_worldSize > savedRanks)
            what += "; " + ranks(savedRanks, m_worldSize - 1) + " start" + (m_worldSize - savedRanks == 1 ? "s" : "") + " with empty image pools";
        else
            what += "; the image pools of " + ranks(m_worldSize, savedRanks - 1) + " are not used";
        warn(what + ".");
    }
}

LossValues TrainerBase::averaged(const LossValues &losses)
{
    if (!m_comm)
        return losses;
    std::vector<double> values;
    for (const auto &entry : losses.entries)
        values.push_back(entry.second);
    const auto sums = m_comm->sum(values);
    LossValues out;
    for (size_t i = 0; i < losses.entries.size(); ++i)
        out.add(losses.entries[i].first, sums[i] / m_worldSize);
    return out;
}

void TrainerBase::train(std::int64_t iterations)
{
    try {
        trainLoop(iterations);
    } catch (const PeerFailure &) {
        throw; // another rank's failure, which that rank reports
    } catch (const std::exception &e) {
        if (m_comm)
            m_comm->reportFailure(e.what());
        throw;
    }
}

void TrainerBase::trainLoop(std::int64_t iterations)
{
    joinRun();
    const TrainingSchedule s = schedule();
    const std::int64_t total = totalIterations();
    const std::int64_t end = iterations > 0 ? std::min(total, m_iteration + iterations) : total;
    if (m_iteration >= end) {
        status("Training is already at the end of its schedule (" + std::to_string(total) + " iterations).");
        return;
    }
    const auto loader = openLoader(m_iteration);
    std::unique_ptr<LossLog> log;
    if (writer())
        log = std::make_unique<LossLog>(m_project.lossesCsv(), lossNames());

    TrainProgress progress;
    progress.totalIterations = total;
    progress.totalEpochs = s.epochs + s.epochsDecay;
    progress.iterationsPerEpoch = m_perEpoch;
    double averageSeconds = 0;
    const auto runStart = std::chrono::steady_clock::now();
    const double exchangedBefore = m_comm ? m_comm->exchangeSeconds() : 0;
    std::int64_t sinceCheckpoint = 0;
    bool stopped = false;
    try {
        while (m_iteration < end && !stopped) {
            const int epoch = epochOf(m_iteration);
            setLearningRate(s.lr * learningRateFactor(epoch, s.epochs, s.epochsDecay));
            const auto t0 = std::chrono::steady_clock::now();
            LossSample sample;
            sample.losses = averaged(step(loader->next()));
            checkFinite(sample.losses, m_iteration + 1);
            ++m_iteration;
            ++sinceCheckpoint;
            sample.iteration = m_iteration;
            sample.epoch = epoch;
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            averageSeconds = averageSeconds == 0 ? seconds : 0.9 * averageSeconds + 0.1 * seconds;

            record(sample, log.get());
            if (m_iteration % s.previewEvery == 0 || m_iteration == 1)
                preview();
            if (sinceCheckpoint >= s.checkpointEvery) {
                if (log)
                    log->flush();
                saveCheckpoint();
                sinceCheckpoint = 0;
            }
            progress.iteration = m_iteration;
            progress.epoch = epochOf(m_iteration == end ? m_iteration - 1 : m_iteration);
            progress.secondsPerIteration = averageSeconds;
            progress.learningRate = learningRate();
            if (m_callbacks.progress && !m_callbacks.progress(progress))
                stopped = true;
            if (m_comm) // one rank stopping stops them all, after the same iteration
                stopped = m_comm->sum({stopped ? 1.0 : 0.0})[0] > 0;
        }
    } catch (const c10::Error &e) {
        try {
            if (log)
                log->flush();
        } catch (const Error &) {
            // The training failure is what to report; the log's rows after the checkpoint are trimmed on resume.
        }
        if (isOutOfMemory(e))
            throw Error(outOfMemoryAdvice(s));
        throw Error(std::string("Training failed: ") + e.what_without_backtrace());
    } catch (const std::bad_alloc &) {
        throw Error(outOfMemoryAdvice(s));
    }
    if (log)
        log->flush();
    if (sinceCheckpoint > 0)
        saveCheckpoint();
    if (m_comm) {
        // Time in exchanges includes waiting for the slowest rank.
        const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - runStart).count();
        const double exchanged = m_comm->exchangeSeconds() - exchangedBefore;
        char line[160];
        std::snprintf(line, sizeof line, "Exchanges between the ranks took %.1f s of this rank's %.1f s (%.0f%%).", exchanged, total,
                      total > 0 ? 100 * exchanged / total : 0.0);
        status(line);
    }
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
