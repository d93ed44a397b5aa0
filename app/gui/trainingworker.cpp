#include "app/gui/trainingworker.h"

#include "app/gui/conversions.h"
#include "app/gui/enginetext.h"
#include "app/gui/livemodels.h"
#include "app/gui/throttle.h"
#include "engine/core/device.h"
#include "engine/core/error.h"
#include "engine/training/estimate.h"
#include "engine/training/trainer.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QThread>

#include <algorithm>
#include <memory>
#include <vector>

namespace app {

namespace {

// Ranks 1..N-1 of a run on this machine, as cyclestudio-cli processes; rank 0 is the caller. Ended and
// waited for when this goes.
class LocalRanks
{
public:
    LocalRanks(const QString &program, const QString &projectDir, qint64 iterations, const engine::WorldOptions &world, ui::Device device,
               int threads, bool restart)
    {
        const bool cuda = device == ui::Device::Cuda || device == ui::Device::AllGpus;
        QStringList args{"train", projectDir, "--device", cuda ? "cuda" : "cpu", "--threads", QString::number(threads)};
        if (iterations > 0)
            args << "--iterations" << QString::number(iterations);
        if (restart)
            args << "--restart";
        for (int r = 1; r < world.worldSize; ++r) {
            auto env = QProcessEnvironment::systemEnvironment();
            env.insert("RANK", QString::number(r));
            env.insert("LOCAL_RANK", QString::number(r));
            env.insert("WORLD_SIZE", QString::number(world.worldSize));
            env.insert("MASTER_ADDR", QString::fromStdString(world.masterAddr));
            env.insert("MASTER_PORT", QString::number(world.masterPort));
            if (cuda)
                env.insert("CUDA_VISIBLE_DEVICES", QString::number(r));
            auto process = std::make_unique<QProcess>();
            process->setProcessEnvironment(env);
            process->setProcessChannelMode(QProcess::ForwardedChannels);
            process->start(program, args);
            if (!process->waitForStarted(10000))
                throw engine::Error(QObject::tr("Cannot start the process for GPU %1 (%2): %3")
                                        .arg(r)
                                        .arg(QDir::toNativeSeparators(program), process->errorString())
                                        .toStdString());
            m_processes.push_back(std::move(process));
        }
        m_timeoutMs = (world.timeoutSeconds + 15) * 1000;
    }
    ~LocalRanks()
    {
        // They end with rank 0 (after the same iteration, or at their next exchange once it is gone).
        for (auto &p : m_processes)
            if (!p->waitForFinished(m_timeoutMs)) {
                p->kill();
                p->waitForFinished();
            }
    }

private:
    std::vector<std::unique_ptr<QProcess>> m_processes;
    int m_timeoutMs = 0;
};

} // namespace

void TrainingWorker::train(const QString &projectDir, qint64 iterations, ui::Device device, int threads, bool restart)
{
    const int gpus = device == ui::Device::AllGpus ? engine::cudaDeviceCount() : 1;
    trainOnRanks(projectDir, iterations, std::max(1, gpus), device, threads, restart);
}

void TrainingWorker::trainOnRanks(const QString &projectDir, qint64 iterations, int ranks, ui::Device device, int threads, bool restart)
{
    m_stop = false;
    m_pause = false;
    QVector<ui::LossPoint> pending;
    Throttle throttle;
    QString deviceText;
    qint64 iteration = 0;

    engine::TrainerCallbacks cb;
    cb.loss = [&](const engine::LossSample &s) { pending.push_back(toLossPoint(s.iteration, s.losses)); };
    cb.preview = [&](const engine::PreviewGrid &g) { Q_EMIT previewReady(g.iteration, toQImage(g.composed())); };
    cb.warning = [&](const std::string &w) { Q_EMIT message(engineText(w)); };
    cb.status = [&](const std::string &s) { Q_EMIT message(engineText(s)); };
    cb.progress = [&](const engine::TrainProgress &p) {
        iteration = p.iteration;
        if (throttle.ready(m_stop || m_pause)) {
            if (!pending.isEmpty())
                Q_EMIT lossPoints(pending);
            pending.clear();
            ui::TrainStatus st;
            st.iteration = p.iteration;
            st.totalIterations = p.totalIterations;
            st.epoch = p.epoch;
            st.totalEpochs = p.totalEpochs;
            st.secondsPerIteration = p.secondsPerIteration;
            st.device = deviceText;
            Q_EMIT statusChanged(st);
        }
        if (m_pause && ranks > 1) {
            m_pause = false; // the window offers no Pause then; a stray request is dropped
        } else if (m_pause && !m_stop) {
            Q_EMIT paused(true);
            while (m_pause && !m_stop) {
                if (m_live)
                    m_live->serve();
                QThread::msleep(20);
            }
            Q_EMIT paused(false);
        }
        if (m_live)
            m_live->serve();
        return !m_stop.load();
    };
    try {
        auto runtime = toRuntime(device, threads);
        std::unique_ptr<LocalRanks> others;
        if (ranks > 1) {
            runtime.world.worldSize = ranks;
            runtime.world.masterPort = engine::freeLocalPort();
            const QString program =
                m_rankProgram.isEmpty() ? QCoreApplication::applicationDirPath() + QStringLiteral("/cyclestudio-cli") : m_rankProgram;
            others = std::make_unique<LocalRanks>(program, projectDir, iterations, runtime.world, device, threads, restart);
        }
        const auto trainer =
            engine::openTrainer(toPath(projectDir), runtime, cb, restart ? engine::TrainStart::Restart : engine::TrainStart::Resume);
        // The weights in training, for a translation that asks (see LiveModels); detached before the
        // trainer goes.
        struct Detach
        {
            LiveModels *live;
            ~Detach()
            {
                if (live)
                    live->detach();
            }
        } detach{m_live};
        if (m_live)
            m_live->attach(
                projectDir, [&trainer] { return qint64(trainer->iteration()); },
                [&trainer](int direction, const QString &file) {
                    trainer->writeGenerator(direction == 0 ? engine::Direction::AtoB : engine::Direction::BtoA, toPath(file));
                });
        deviceText = app::deviceText(trainer->deviceDescription());
        if (ranks > 1)
            deviceText = tr("%1 processes, each on %2").arg(ranks).arg(deviceText);
        iteration = trainer->iteration();
        Q_EMIT started(iteration);
        trainer->train(iterations);
        iteration = trainer->iteration();
        if (!pending.isEmpty())
            Q_EMIT lossPoints(pending);
    } catch (const engine::RestartNeeded &e) {
        Q_EMIT restartNeeded(engineText(e.what()));
    } catch (const engine::Error &e) {
        Q_EMIT failed(engineText(e.what()));
    } catch (const std::exception &e) {
        Q_EMIT failed(tr("Training stopped because of an unexpected error: %1").arg(engineText(e.what())));
    }
    engine::releaseFreeMemory(); // the trainer and its tensors are gone
    Q_EMIT finished(iteration);
}

namespace {
ui::TrainEstimate estimateFor(const ui::TrainSettings &settings, int imagesA, int imagesB)
{
    ui::TrainEstimate out;
    if (settings.multiDomain) {
        out.error = TrainingWorker::tr("not available for multi-domain projects yet; the first iterations show the speed.");
        return out;
    }
    try {
        const auto options = toOptions(settings, engine::TrainOptions());
        const auto e = engine::estimateTraining(options, toRuntime(settings.device, settings.threads));
        out.secondsPerIteration = e.secondsPerIteration;
        out.memoryBytes = e.memoryBytes;
        out.availableBytes = e.device.availableBytes;
        out.parameters = e.parameters;
        out.device = deviceText(engine::describeDevice(e.deviceKind));
        out.totalIterations = engine::scheduledIterations(options, size_t(std::max(0, imagesA)), size_t(std::max(0, imagesB)));
    } catch (const engine::Error &e) {
        out.error = engineText(e.what());
    } catch (const std::exception &e) {
        out.error = TrainingWorker::tr("No estimate: %1").arg(engineText(e.what()));
    }
    return out;
}
} // namespace

void TrainingWorker::estimate(const ui::TrainSettings &settings, int imagesA, int imagesB)
{
    Q_EMIT estimated(estimateFor(settings, imagesA, imagesB));
}

void TrainingWorker::estimatePlans(const QVector<ui::TrainSettings> &settings, int imagesA, int imagesB)
{
    QVector<ui::TrainEstimate> out;
    for (const auto &s : settings)
        out << estimateFor(s, imagesA, imagesB);
    Q_EMIT plansEstimated(out);
}

} // namespace app
