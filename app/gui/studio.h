#pragma once
// Studio: the application object. It owns the main window and three controllers, one job each: project
// files (ProjectController), training (TrainingController, with the training thread) and translation
// (TranslationController, with the translation thread). It connects the window's menus to them, gives the
// views what they need from the engine (presets, file types, the image decoder, library versions), and
// runs the close protocol: ask about unsaved changes, stop training, let the worker write its checkpoint,
// then close; the controllers quit and wait for their threads. Lives on the UI thread.

#include "ui/types.h"

#include <QObject>
#include <QString>

#include <memory>

namespace ui {
struct NewProjectRequest;
class MainWindow;
struct FineTuneRequest;
} // namespace ui

namespace app {

class LiveModels;

class ProjectController;
class TrainingController;
class TranslationController;
class TrainingWorker;
class TranslateWorker;
class ModelLibrary;

class Studio : public QObject
{
    Q_OBJECT

public:
    explicit Studio(QObject *parent = nullptr);
    ~Studio() override;

    ui::MainWindow *window() const { return m_window.get(); }
    ProjectController *projects() const { return m_projects.get(); }
    TrainingWorker *worker() const;
    TranslateWorker *translateWorker() const;
    ModelLibrary *modelLibrary() const;

    // The project's jobs (see ProjectController).
    bool openProject(const QString &dir);
    bool createProject(const QString &dir);
    bool createProject(const ui::NewProjectRequest &request); // the new-project wizard's
    bool createFineTuneProject(const ui::FineTuneRequest &request);
    bool createMultiDomainProject(const QString &dir, QStringList names = {});
    bool openDemoProject();
    bool save();
    bool isModified() const;
    QString projectDir() const;

    // iterations <= 0: to the end of the schedule. Saves the form and the domains to the project first.
    void startTraining(const ui::TrainSettings &settings, qint64 iterations = 0);
    void pauseTraining(bool pause);
    void stopTraining();
    bool isTraining() const;

    // Closes as the window's close button does, without the question about unsaved changes: for a stop from
    // outside the window (Ctrl-C in the terminal that started it, a service manager, the terminal closed), when
    // no one may be there to answer. Training stops with a checkpoint first; changes to the project's form that
    // were not saved stay unsaved.
    void closeWithoutQuestions();

Q_SIGNALS:
    void trainingStarted();
    void trainingFinished(qint64 iteration);
    // View → Language: the user chose a language and the project's changes are saved (or discarded);
    // StudioHost builds the window again in that language.
    void languageSwitchRequested(const QString &language);

private:
    void connectFileMenu();
    void equipViews();
    bool checkDomainsHaveImages();
    void requestClose();

    std::unique_ptr<LiveModels> m_live; // outlives the workers that share it
    std::unique_ptr<ui::MainWindow> m_window;
    std::unique_ptr<TrainingController> m_training;
    std::unique_ptr<TranslationController> m_translation;
    std::unique_ptr<ProjectController> m_projects;
    bool m_closeWhenStopped = false;
};

} // namespace app
