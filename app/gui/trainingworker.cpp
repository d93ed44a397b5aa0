#include "app/gui/trainingworker.h"

#include "app/gui/conversions.h"
#include "app/gui/throttle.h"
#include "engine/core/error.h"
#include "engine/training/estimate.h"
#include "engine/training/trainer.h"

#include <QThread>

#include <memory>

namespace app {

void TrainingWorker::train(const QString &projectDir, qint64 iterations, ui::Device device, int threads, bool restart)
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
    cb.warning = [&](const std::string &w) { Q_EMIT message(QString::fromStdString(w)); };
    cb.status = [&](const std::string &s) { Q_EMIT message(QString::fromStdString(s)); };
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
        if (m_pause && !m_stop) {
            Q_EMIT paused(true);
            while (m_pause && !m_stop)
                QThread::msleep(20);
            Q_EMIT paused(false);
        }
        return !m_stop.load();
    };
    try {
        const auto trainer = engine::openTrainer(toPath(projectDir), toRuntime(device, threads), cb,
                                                 restart ? engine::TrainStart::Restart : engine::TrainStart::Resume);
        deviceText = QString::fromStdString(trainer->deviceDescription());
        iteration = trainer->iteration();
        Q_EMIT started(iteration);
        trainer->train(iterations);
        iteration = trainer->iteration();
        if (!pending.isEmpty())
            Q_EMIT lossPoints(pending);
    } catch (const engine::RestartNeeded &e) {
        Q_EMIT restartNeeded(QString::fromStdString(e.what()));
    } catch (const engine::Error &e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    } catch (const std::exception &e) {
        Q_EMIT failed(tr("Training stopped because of an unexpected error: %1").arg(QString::fromStdString(e.what())));
    }
    Q_EMIT finished(iteration);
}

void TrainingWorker::estimate(const ui::TrainSettings &settings, int imagesA, int imagesB)
{
    ui::TrainEstimate out;
    if (settings.multiDomain) {
        out.error = tr("not available for multi-domain projects yet; the first iterations show the speed.");
        Q_EMIT estimated(out);
        return;
    }
    try {
        const auto options = toOptions(settings, engine::TrainOptions());
        const auto e = engine::estimateTraining(options, toRuntime(settings.device, settings.threads));
        out.secondsPerIteration = e.secondsPerIteration;
        out.memoryBytes = e.memoryBytes;
        out.availableBytes = e.device.availableBytes;
        out.parameters = e.parameters;
        out.device = QString::fromStdString(engine::describeDevice(e.deviceKind));
        out.totalIterations = engine::scheduledIterations(options, size_t(std::max(0, imagesA)), size_t(std::max(0, imagesB)));
    } catch (const engine::Error &e) {
        out.error = QString::fromStdString(e.what());
    } catch (const std::exception &e) {
        out.error = tr("No estimate: %1").arg(QString::fromStdString(e.what()));
    }
    Q_EMIT estimated(out);
}

} // namespace app
