#include "app/gui/studio.h"

#include "app/gui/conversions.h"
#include "app/gui/livemodels.h"
#include "app/gui/projectcontroller.h"
#include "app/gui/trainingcontroller.h"
#include "app/gui/trainingworker.h"
#include "app/gui/translateworker.h"
#include "app/gui/translationcontroller.h"
#include "engine/core/about.h"
#include "ui/datasetdock.h"
#include "ui/datasetpane.h"
#include "ui/mainwindow.h"
#include "ui/trainpanel.h"

#include <QDir>

namespace app {

Studio::Studio(QObject *parent)
    : QObject(parent), m_live(std::make_unique<LiveModels>()), m_window(std::make_unique<ui::MainWindow>())
{
    qRegisterMetaType<ui::LossPoint>();
    qRegisterMetaType<QVector<ui::LossPoint>>();
    qRegisterMetaType<ui::TrainStatus>();
    qRegisterMetaType<ui::TrainSettings>();
    qRegisterMetaType<ui::TrainEstimate>();
    qRegisterMetaType<QVector<ui::TrainEstimate>>();
    m_training = std::make_unique<TrainingController>(m_window.get());
    m_translation = std::make_unique<TranslationController>(m_window.get());
    m_projects = std::make_unique<ProjectController>(m_window.get(), *m_training);
    // Translations during training use the weights in training (written when asked), not the last checkpoint.
    m_training->worker()->setLiveModels(m_live.get());
    m_translation->worker()->setLiveModels(m_live.get());
    equipViews();
    connectFileMenu();

    auto *w = m_window.get();
    connect(m_projects.get(), &ProjectController::projectOpened, m_translation.get(), &TranslationController::setProject);
    connect(w->datasets(), &ui::DatasetDock::domainsEdited, m_translation.get(), &TranslationController::updateTargets);
    connect(m_training.get(), &TrainingController::started, this, &Studio::trainingStarted);
    connect(m_training.get(), &TrainingController::finished, this, [this](qint64 iteration) {
        Q_EMIT trainingFinished(iteration);
        if (m_closeWhenStopped) {
            m_window->allowClose();
            m_window->close();
        }
    });
    connect(w->trainPanel(), &ui::TrainPanel::startRequested, this, [this](const ui::TrainSettings &s) { startTraining(s); });
    connect(w->trainPanel(), &ui::TrainPanel::pauseRequested, this, &Studio::pauseTraining);
    connect(w->trainPanel(), &ui::TrainPanel::stopRequested, this, &Studio::stopTraining);
    connect(w, &ui::MainWindow::closeRequested, this, &Studio::requestClose);
    // A new language: not in the middle of a training run, and only after asking about unsaved changes.
    connect(w, &ui::MainWindow::languageChangeRequested, this, [this](const QString &language) {
        if (m_training->isTraining()) {
            m_window->showMessage(tr("The language changes when training has stopped; choose it again then."));
            return;
        }
        if (m_projects->maybeSave())
            Q_EMIT languageSwitchRequested(language);
    });
    // The estimate before Start is computed on the (idle) training worker.
    connect(w->trainPanel(), &ui::TrainPanel::estimateRequested, m_training.get(), &TrainingController::requestEstimate);
    for (auto *pane : {w->domainA(), w->domainB()})
        connect(pane, &ui::DatasetPane::sourcesChanged, this,
                [this] { m_training->requestEstimate(m_window->trainPanel()->settings()); });
}

Studio::~Studio() = default;

// What the views know from the engine: presets, file types, the decoder, the libraries.
void Studio::equipViews()
{
    auto *w = m_window.get();
    w->trainPanel()->setPresets(presetValues());
    w->trainPanel()->setGpuCount(engine::cudaDeviceCount());
    w->trainPanel()->setSettings(ProjectController::defaultSettings());
    w->setFileTypes(engineFileTypes());
    // Thumbnails and the large preview decode with the engine, so unreadable marks match training.
    w->domainA()->setImageLoader(engineImageLoader());
    w->domainB()->setImageLoader(engineImageLoader());
    connect(w->datasets(), &ui::DatasetDock::domainPaneCreated, this, [](ui::DatasetPane *pane) { pane->setImageLoader(engineImageLoader()); });

    QString about = tr("<p>Built with:</p><ul>");
    about += tr("<li>Qt %1 (LGPL-3.0)</li>").arg(QString::fromLatin1(qVersion()));
    for (const auto &lib : engine::engineLibraries())
        about += tr("<li>%1 %2 (%3)</li>").arg(QString::fromStdString(lib.name), QString::fromStdString(lib.version), QString::fromStdString(lib.licence));
    about += tr("<li>QCustomPlot 2.1 (GPL-3.0)</li></ul>");
    w->setAboutDetails(about);
}

void Studio::connectFileMenu()
{
    auto *w = m_window.get();
    // Each of these leaves the open project: not while training, and only after asking about unsaved changes.
    auto leaving = [this](auto action) {
        return [this, action] {
            if (!m_training->isTraining() && m_projects->maybeSave())
                action();
        };
    };
    auto *p = m_projects.get();
    connect(w, &ui::MainWindow::newProjectRequested, this, leaving([p] { p->askNewProject(); }));
    connect(w, &ui::MainWindow::fineTuneRequested, this, leaving([p] { p->askFineTune(); }));
    connect(w, &ui::MainWindow::newMultiDomainRequested, this, leaving([p] { p->askNewMultiDomain(); }));
    connect(w, &ui::MainWindow::openDemoRequested, this, leaving([p] { p->openDemoProject(); }));
    // The welcome screen's Try the Demo: the demo opens and trains in one click.
    connect(w, &ui::MainWindow::demoTrainingRequested, this, leaving([this] {
                if (m_projects->openDemoProject())
                    startTraining(m_window->trainPanel()->settings());
            }));
    connect(w, &ui::MainWindow::openProjectRequested, this, [this, leaving](const QString &dir) {
        leaving([this, dir] { m_projects->askOpenProject(dir); })();
    });
    connect(w, &ui::MainWindow::saveRequested, p, &ProjectController::save);
    connect(w, &ui::MainWindow::exportModelRequested, this, [this] { m_translation->askExportModel(m_projects->projectDir()); });
    // A project made from a PyTorch checkpoint opens once the worker has written it.
    connect(m_translation.get(), &TranslationController::officialProjectCreated, this, [this](const QString &dir, const QStringList &notes) {
        if (m_training->isTraining() || !m_projects->maybeSave()) {
            m_window->showMessage(tr("Created %1; open it when you are ready.").arg(QDir::toNativeSeparators(dir)));
            return;
        }
        if (m_projects->openProject(dir))
            m_window->showMessage(notes.isEmpty() ? tr("Press Start to continue the training.") : notes.last());
    });
}

TrainingWorker *Studio::worker() const { return m_training->worker(); }
TranslateWorker *Studio::translateWorker() const { return m_translation->worker(); }
ModelLibrary *Studio::modelLibrary() const { return m_translation->library(); }
bool Studio::openProject(const QString &dir) { return m_projects->openProject(dir); }
bool Studio::createProject(const QString &dir) { return m_projects->createProject(dir); }
bool Studio::createProject(const ui::NewProjectRequest &request) { return m_projects->createProject(request); }
bool Studio::createFineTuneProject(const ui::FineTuneRequest &request) { return m_projects->createFineTuneProject(request); }
bool Studio::createMultiDomainProject(const QString &dir, QStringList names) { return m_projects->createMultiDomainProject(dir, names); }
bool Studio::openDemoProject() { return m_projects->openDemoProject(); }
bool Studio::save() { return m_projects->save(); }
bool Studio::isModified() const { return m_projects->isModified(); }
QString Studio::projectDir() const { return m_projects->projectDir(); }
void Studio::pauseTraining(bool pause) { m_training->pause(pause); }
void Studio::stopTraining() { m_training->stop(); }
bool Studio::isTraining() const { return m_training->isTraining(); }

bool Studio::checkDomainsHaveImages()
{
    if (m_window->isMultiDomain()) {
        for (const auto *pane : m_window->domainPanes())
            if (pane->imageCount() == 0) {
                m_window->showError(tr("Every domain needs images: drop a folder of images onto “%1”.").arg(pane->title()));
                return false;
            }
    } else if (m_window->domainA()->imageCount() == 0 || m_window->domainB()->imageCount() == 0) {
        m_window->showError(tr("Both domains need images: drop a folder onto Domain A and onto Domain B."));
        return false;
    }
    return true;
}

void Studio::startTraining(const ui::TrainSettings &settings, qint64 iterations)
{
    if (m_training->isTraining())
        return;
    if (projectDir().isEmpty()) {
        m_window->showError(tr("Open or create a project first (File → Open Project…)."));
        return;
    }
    if (!checkDomainsHaveImages() || !m_projects->saveProject(settings))
        return;
    m_training->start(projectDir(), settings, iterations);
}

// Training stops with a checkpoint and the window closes when it has; without training it closes once the
// event that asked has returned (the window's close event, when it was the close button).
void Studio::closeWithoutQuestions()
{
    if (m_training->isTraining()) {
        m_closeWhenStopped = true;
        m_window->showMessage(tr("Stopping training and saving a checkpoint…"));
        m_training->stop();
        return;
    }
    m_window->allowClose();
    QMetaObject::invokeMethod(m_window.get(), &QWidget::close, Qt::QueuedConnection);
}

void Studio::requestClose()
{
    if (!m_training->isTraining() && !m_projects->maybeSave())
        return;
    closeWithoutQuestions();
}

} // namespace app
