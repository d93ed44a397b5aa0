#pragma once
// ProjectController: the project files behind the window. Creates (empty, fine-tuning, multi-domain,
// demo), opens and saves projects; fills the window from project.json and the project's loss history
// and previews; tracks unsaved edits (dataset edits on the undo stack, settings and domain edits as
// flags) and asks about them. Lives on the UI thread; owned by Studio.

#include "ui/types.h"

#include <QObject>
#include <QString>
#include <QStringList>

namespace ui {
class MainWindow;
struct FineTuneRequest;
struct NewProjectRequest;
} // namespace ui

namespace app {

class TrainingController;

class ProjectController : public QObject
{
    Q_OBJECT

public:
    ProjectController(ui::MainWindow *window, const TrainingController &training, QObject *parent = nullptr);

    bool openProject(const QString &dir); // false: the error was shown
    // An empty project (settings from the preset that suits the device), then opened.
    bool createProject(const QString &dir);
    // The new-project wizard's project: named styles, their pictures, the preset and schedule chosen for
    // the time; then opened (Custom: on the Train tab with the advanced settings open).
    bool createProject(const ui::NewProjectRequest &request);
    // A fine-tuning project (engine/training/finetune.h) from the dialog's choices, then opened.
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
    bool saveProject(const ui::TrainSettings &settings);
    // Asks about unsaved changes; false: the user cancelled (or saving failed).
    bool maybeSave();
    bool isModified() const;
    QString projectDir() const { return m_projectDir; }
    // The settings form's content before any project is open: the engine's defaults for this device.
    static ui::TrainSettings defaultSettings();

    // The File menu's dialogs.
    void askNewProject();
    void askOpenProject(const QString &requested); // empty: ask for a folder
    void askFineTune();
    void askNewMultiDomain();

Q_SIGNALS:
    void projectOpened(const QString &dir);

private:
    void fillWindow(const QString &dir);
    void loadHistory();
    void updateModified();
    bool refuseWhileTraining();

    ui::MainWindow *m_window;
    const TrainingController &m_training;
    QString m_projectDir;
    bool m_settingsEdited = false;
    bool m_domainsEdited = false; // multi-domain: a domain added, renamed or removed
};

} // namespace app
