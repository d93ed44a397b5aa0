#pragma once
// TrainingWorker: runs the project's engine trainer (whatever its mode) on the worker thread; it is
// moved to the training controller's QThread and owns every engine object it creates there. train() is
// invoked as a queued call and blocks this thread's event loop while it runs, so pause and stop are
// atomics that the engine's progress callback reads. Results leave as queued signals with Qt value
// types, batched to at most ~20 per second.
//
// On several GPUs (ui::Device::AllGpus) this worker is rank 0, in this process, and starts one
// cyclestudio-cli rank per further GPU beside it; rank 0 reports as usual. Such a run cannot pause (the
// ranks wait for each other), and ends on every rank when one fails.

#include "ui/types.h"

#include <QImage>
#include <QObject>
#include <QVector>

#include <atomic>

namespace app {

class LiveModels;

class TrainingWorker : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // Thread-safe; called from the UI thread.
    void requestPause(bool pause) { m_pause = pause; }
    void requestStop() { m_stop = true; }
    // The cyclestudio-cli that runs the other ranks (default: the one beside this program).
    void setRankProgram(const QString &program) { m_rankProgram = program; }
    // Where translations ask for the weights in training (set before training starts).
    void setLiveModels(LiveModels *live) { m_live = live; }

public Q_SLOTS:
    // iterations <= 0: to the end of the schedule. restart: start again from scratch when the project has a
    // loss history but no usable checkpoint (otherwise that ends with restartNeeded()).
    void train(const QString &projectDir, qint64 iterations, ui::Device device, int threads, bool restart = false);
    // The same with `ranks` processes on `device` (train() uses it for AllGpus; on a CPU, for tests).
    void trainOnRanks(const QString &projectDir, qint64 iterations, int ranks, ui::Device device, int threads, bool restart = false);
    // What training with these settings would cost on their device (answers with estimated()).
    void estimate(const ui::TrainSettings &settings, int imagesA, int imagesB);
    // The same for several settings at once (the new-project wizard's presets; answers with plansEstimated()).
    void estimatePlans(const QVector<ui::TrainSettings> &settings, int imagesA, int imagesB);

Q_SIGNALS:
    void started(qint64 iteration);
    void lossPoints(const QVector<ui::LossPoint> &points);
    void previewReady(qint64 iteration, const QImage &grid);
    void statusChanged(const ui::TrainStatus &status);
    void paused(bool paused);
    void message(const QString &text);
    void failed(const QString &error);
    // Only starting again from scratch could train the project; the sentence says why. Then finished().
    void restartNeeded(const QString &reason);
    void finished(qint64 iteration);
    void estimated(const ui::TrainEstimate &estimate);
    void plansEstimated(const QVector<ui::TrainEstimate> &estimates);

private:
    LiveModels *m_live = nullptr;
    std::atomic<bool> m_pause{false}, m_stop{false};
    QString m_rankProgram;
};

} // namespace app
