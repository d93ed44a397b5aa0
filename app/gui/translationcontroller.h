#pragma once
// TranslationController: owns the translation thread and the TranslateWorker on it. Sends the Translate
// tab's requests (images, folders, videos) and File → Export Model to the worker as queued calls, and
// its answers back to the views; tells the Translate tab which project and which targets it translates
// with. Quits and waits for its thread when destroyed. Lives on the UI thread; owned by Studio.

#include <QObject>
#include <QThread>

namespace ui {
class MainWindow;
}

namespace app {

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
    // File → Export Model…: asks for the direction and the file, then writes it on the worker.
    void askExportModel(const QString &projectDir);
    TranslateWorker *worker() const { return m_worker; }

private:
    ui::MainWindow *m_window;
    QThread m_thread;
    TranslateWorker *m_worker = nullptr; // lives on m_thread
};

} // namespace app
