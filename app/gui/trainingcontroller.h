#pragma once
// TrainingController: owns the training thread and the TrainingWorker on it. Starts, pauses and stops
// training as queued calls and atomics; connects the worker's results to the loss plot, the previews,
// the status bar and the Train tab; asks the (idle) worker for the estimate before Start. Quits and
// waits for its thread when destroyed. Stops a run after the minutes it was given (pauses not counted),
// and announces the end of a long run with a desktop notification. Lives on the UI thread; owned by Studio.

#include "ui/types.h"

#include <QElapsedTimer>
#include <QObject>
#include <QThread>
#include <QTimer>

namespace ui {
class MainWindow;
}

namespace app {

class TrainingWorker;

class TrainingController : public QObject
{
    Q_OBJECT

public:
    TrainingController(ui::MainWindow *window, QObject *parent = nullptr);
    ~TrainingController() override;

    // iterations <= 0: to the end of the schedule. The project's settings must be saved first.
    // restart: start again from scratch over a loss history without a usable checkpoint (asked first).
    void start(const QString &projectDir, const ui::TrainSettings &settings, qint64 iterations, bool restart = false);
    void pause(bool pause);
    void stop();
    bool isTraining() const { return m_training; }
    void requestEstimate(const ui::TrainSettings &settings);
    // For the new-project wizard: several settings on domains of these sizes (the worker answers with
    // plansEstimated; while training, nothing is measured and the answer says so).
    void requestPlanEstimates(const QVector<ui::TrainSettings> &settings, int imagesA, int imagesB) const;
    TrainingWorker *worker() const { return m_worker; }

Q_SIGNALS:
    void started();
    void finished(qint64 iteration);

private:
    // The worker found a history but no usable checkpoint: asks whether to start again from scratch.
    void askRestart(const QString &reason);

    ui::MainWindow *m_window;
    // The run that was asked for, to start again from scratch when the user agrees.
    QString m_projectDir;
    ui::TrainSettings m_settings;
    qint64 m_iterations = 0;
    bool m_restartAsked = false;
    QString m_restartReason;
    QThread m_thread;
    TrainingWorker *m_worker = nullptr; // lives on m_thread, deleted when it finishes
    bool m_training = false;
    // Stop after N minutes (TrainSettings::stopAfterMinutes): the time left, held while paused.
    QTimer m_stopAfter;
    int m_stopAfterLeftMs = 0;
    bool m_stoppedByTime = false;
    QElapsedTimer m_runTime; // a long run's end is announced with a desktop notification
};

} // namespace app
