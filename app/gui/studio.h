#pragma once
// Studio: the application object. It owns the main window, the worker thread and the training worker on
// it; connects the window's intents to queued calls on the worker and the worker's signals back to the
// views; opens projects (project.json, loss history, saved previews). On close it stops training, lets
// the worker write its checkpoint, then quits and waits for the thread. Lives on the UI thread.

#include "ui/types.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <memory>

namespace ui {
class MainWindow;
}

namespace app {

class TrainingWorker;
class TranslateWorker;

class Studio : public QObject
{
    Q_OBJECT

public:
    explicit Studio(QObject *parent = nullptr);
    ~Studio() override;

    bool openProject(const QString &dir); // false: the error was shown
    QString projectDir() const { return m_projectDir; }
    ui::MainWindow *window() const { return m_window.get(); }
    TrainingWorker *worker() const { return m_worker; }
    TranslateWorker *translateWorker() const { return m_translateWorker; }

    // iterations <= 0: to the end of the schedule. Saves the form and the domains to the project first.
    void startTraining(const ui::TrainSettings &settings, qint64 iterations = 0);
    void pauseTraining(bool pause);
    void stopTraining();
    bool isTraining() const { return m_training; }

Q_SIGNALS:
    void trainingStarted();
    void trainingFinished(qint64 iteration);

private:
    void loadHistory();
    void requestClose();
    bool saveProject(const ui::TrainSettings &settings);

    std::unique_ptr<ui::MainWindow> m_window;
    QThread m_thread;
    TrainingWorker *m_worker = nullptr; // lives on m_thread, deleted when it finishes
    QThread m_translateThread;
    TranslateWorker *m_translateWorker = nullptr; // lives on m_translateThread
    QString m_projectDir;
    bool m_training = false;
    bool m_closeWhenStopped = false;
};

} // namespace app
