#pragma once
// TrainingController: owns the training thread and the TrainingWorker on it. Starts, pauses and stops
// training as queued calls and atomics; connects the worker's results to the loss plot, the previews,
// the status bar and the Train tab; asks the (idle) worker for the estimate before Start. Quits and
// waits for its thread when destroyed. Lives on the UI thread; owned by Studio.

#include "ui/types.h"

#include <QObject>
#include <QThread>

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
};

} // namespace app
