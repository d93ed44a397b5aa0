#include "app/gui/trainingworker.h"

#include "app/gui/conversions.h"
#include "engine/dataloader.h"
#include "engine/error.h"
#include "engine/estimate.h"
#include "engine/multidomain.h"
#include "engine/project.h"
#include "engine/trainer.h"

#include <QElapsedTimer>
#include <QThread>

namespace app {

void TrainingWorker::train(const QString &projectDir, qint64 iterations, const QString &device, int threads)
{
    m_stop = false;
    m_pause = false;
    QVector<ui::LossPoint> pending;
    QElapsedTimer sinceEmit;
    sinceEmit.start();
    QString deviceText;
    qint64 iteration = 0;

    engine::TrainerCallbacks cb;
    cb.loss = [&](const engine::LossSample &s) { pending.push_back(toLossPoint(s.iteration, s.losses)); };
    cb.preview = [&](const engine::PreviewGrid &g) { Q_EMIT previewReady(g.iteration, toQImage(g.composed())); };
    cb.warning = [&](const std::string &w) { Q_EMIT message(QString::fromStdString(w)); };
    cb.status = [&](const std::string &s) { Q_EMIT message(QString::fromStdString(s)); };
    cb.progress = [&](const engine::TrainProgress &p) {
        iteration = p.iteration;
        if (sinceEmit.elapsed() >= 50 || m_stop || m_pause) {
            sinceEmit.restart();
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
        engine::RuntimeOptions rt;
        rt.device = device.toStdString();
        rt.threads = threads;
        auto run = [&](auto &trainer) {
            deviceText = QString::fromStdString(trainer.deviceDescription());
            iteration = trainer.iteration();
            Q_EMIT started(iteration);
            trainer.train(iterations);
            iteration = trainer.iteration();
        };
        if (engine::Project::open(toPath(projectDir)).mode == engine::ProjectMode::MultiDomain) {
            engine::MultiDomainTrainer trainer(toPath(projectDir), rt, cb);
            run(trainer);
        } else {
            engine::Trainer trainer(toPath(projectDir), rt, cb);
            run(trainer);
        }
        if (!pending.isEmpty())
            Q_EMIT lossPoints(pending);
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
        engine::RuntimeOptions rt;
        rt.device = settings.device.toStdString();
        rt.threads = settings.threads;
        const auto e = engine::estimateTraining(options, rt);
        out.secondsPerIteration = e.secondsPerIteration;
        out.memoryBytes = e.memoryBytes;
        out.availableBytes = e.device.availableBytes;
        out.parameters = e.parameters;
        out.device = QString::fromStdString(engine::describeDevice(e.deviceKind));
        const auto perEpoch = engine::DataLoader::iterationsPerEpoch(size_t(std::max(1, imagesA)), size_t(std::max(1, imagesB)),
                                                                     options.batchSize);
        out.totalIterations = perEpoch * (options.epochs + options.epochsDecay);
    } catch (const engine::Error &e) {
        out.error = QString::fromStdString(e.what());
    } catch (const std::exception &e) {
        out.error = tr("No estimate: %1").arg(QString::fromStdString(e.what()));
    }
    Q_EMIT estimated(out);
}

} // namespace app
