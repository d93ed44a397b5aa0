#pragma once
// Studio: the application object. It owns the main window, the worker threads and the workers on them;
// connects the window's intents to queued calls on the workers and their signals back to the views;
// creates, opens and saves projects (project.json, loss history, saved previews) and tracks unsaved
// edits. On close it asks about unsaved changes, stops training, lets the worker write its checkpoint,
// then quits and waits for the threads. Lives on the UI thread.

#include "ui/types.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <memory>

namespace ui {
class MainWindow;
struct FineTuneRequest;
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
    // Creates an empty project (settings from the preset that suits the device) and opens it.
    bool createProject(const QString &dir);
    // A fine-tuning project (engine/finetune.h) from the dialog's choices, then opened.
    bool createFineTuneProject(const ui::FineTuneRequest &request);
    // An empty multi-domain (StarGAN) project with these domain names, then opened. On a CPU the image
    // size is 64 px and the batch 4 (the paper's 128 px and 16 need a GPU to be practical).
    // Without names: "Domain 1" and "Domain 2" in the user's language.
    bool createMultiDomainProject(const QString &dir, QStringList names = {});
    // Opens (creating it on first use) a sketch-preset project on the bundled demo images, in the
    // user's Documents folder; false: the error was shown.
    bool openDemoProject();
    // Writes the domains and the settings form to project.json; false: the error was shown.
    bool save();
    // Unsaved edits to the domains or the settings.
    bool isModified() const;
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
    // Asks about unsaved changes; false: the user cancelled (or saving failed).
    bool maybeSave();
    void updateModified();
    void requestEstimate(const ui::TrainSettings &settings);
    void askNewProject();
    void askExportModel();
    void updateTranslateTargets();

    std::unique_ptr<ui::MainWindow> m_window;
    QThread m_thread;
    TrainingWorker *m_worker = nullptr; // lives on m_thread, deleted when it finishes
    QThread m_translateThread;
    TranslateWorker *m_translateWorker = nullptr; // lives on m_translateThread
    QString m_projectDir;
    bool m_training = false;
    bool m_closeWhenStopped = false;
    bool m_settingsEdited = false;
    bool m_domainsEdited = false; // multi-domain: a domain added, renamed or removed
};

} // namespace app
