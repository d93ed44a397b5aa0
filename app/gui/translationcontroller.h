#pragma once
// TranslationController: owns the translation thread and the TranslateWorker and ModelLibrary on it.
// Sends the Translate tab's requests (images, folders, videos), the model list's (import, rename,
// remove; a model file dropped on the window), File → Export Model and File → New Project from PyTorch
// Checkpoint to them as queued calls, and their answers back to the views; tells the Translate tab which
// project and which targets it translates with. Quits and waits for its thread when destroyed. Lives on
// the UI thread; owned by Studio.

#include <QObject>
#include <QThread>

namespace ui {
class MainWindow;
}

namespace app {

class ModelLibrary;
class TranslateWorker;

class TranslationController : public QObject
{
    Q_OBJECT

public:
    TranslationController(ui::MainWindow *window, QObject *parent = nullptr);
    ~TranslationController() override;

    // The open project (its newest checkpoint translates) and its targets: A → B and B → A, or one per
    // named domain of a multi-domain project.
    void setProject(const QString &projectDir);
    void updateTargets();
    // File → Export Model…: asks for the direction, the format and the file, then writes it on the worker.
    void askExportModel(const QString &projectDir);
    // File → Import Model… (file empty: ask for one) or a dropped model file: into the library, then chosen.
    void importModel(const QString &file);
    // File → New Project from PyTorch Checkpoint…: the dialog, then the project made on the worker
    // (answered by officialProjectCreated()).
    void askNewFromOfficial();
    TranslateWorker *worker() const { return m_worker; }
    ModelLibrary *library() const { return m_library; }

Q_SIGNALS:
    void officialProjectCreated(const QString &projectDir, const QStringList &notes);

private:
    void connectLibrary();

    ui::MainWindow *m_window;
    QThread m_thread;
    TranslateWorker *m_worker = nullptr; // lives on m_thread
    ModelLibrary *m_library = nullptr;   // lives on m_thread
};

} // namespace app
