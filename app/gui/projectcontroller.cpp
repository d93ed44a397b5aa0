#include "app/gui/projectcontroller.h"

#include "app/gui/conversions.h"
#include "app/gui/enginetext.h"
#include "app/gui/trainingcontroller.h"
#include "app/gui/trainingworker.h"
#include "engine/core/error.h"
#include "engine/project/project.h"
#include "engine/training/finetune.h"
#include "engine/training/losslog.h"
#include "ui/datasetdock.h"
#include "ui/datasetpane.h"
#include "ui/finetunedialog.h"
#include "ui/lossplot.h"
#include "ui/mainwindow.h"
#include "ui/newprojectwizard.h"
#include "ui/previewview.h"
#include "ui/trainpanel.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTabWidget>
#include <QUndoStack>

namespace app {

namespace {
constexpr int kMaxPreviewsLoaded = 200;

std::vector<std::filesystem::path> paths(const QStringList &sources)
{
    std::vector<std::filesystem::path> out;
    for (const auto &s : sources)
        out.push_back(toPath(s));
    return out;
}

QString documentsPath(const QString &name)
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).filePath(name);
}
} // namespace

ProjectController::ProjectController(ui::MainWindow *window, const TrainingController &training, QObject *parent)
    : QObject(parent), m_window(window), m_training(training)
{
    // Unsaved changes: dataset edits are on the undo stack; settings and domain edits are flagged.
    connect(window->undoStack(), &QUndoStack::cleanChanged, this, &ProjectController::updateModified);
    connect(window->trainPanel(), &ui::TrainPanel::settingsEdited, this, [this] {
        m_settingsEdited = true;
        updateModified();
    });
    connect(window, &ui::MainWindow::styleNamesEdited, this, [this] {
        m_domainsEdited = true;
        updateModified();
    });
    connect(window->datasets(), &ui::DatasetDock::domainsEdited, this, [this] {
        m_window->clearError(); // e.g. "Both domains need images" no longer holds
        m_domainsEdited = true;
        updateModified();
    });
}

ui::TrainSettings ProjectController::defaultSettings()
{
    const auto preset = engine::defaultPreset(engine::cudaAvailable());
    engine::TrainOptions options;
    engine::applyPreset(options, preset);
    return toSettings(options, preset);
}

bool ProjectController::isModified() const { return m_settingsEdited || m_domainsEdited || !m_window->undoStack()->isClean(); }

void ProjectController::updateModified() { m_window->setWindowModified(isModified()); }

bool ProjectController::refuseWhileTraining()
{
    if (!m_training.isTraining())
        return false;
    m_window->showError(tr("Stop training before opening another project."));
    return true;
}

bool ProjectController::maybeSave()
{
    if (m_projectDir.isEmpty() || !isModified())
        return true;
    const auto answer = m_window->askSaveChanges(
        tr("The project “%1” has changes to its domains or settings that are not saved. Save them?").arg(QFileInfo(m_projectDir).fileName()));
    if (answer == ui::MainWindow::SaveChoice::Cancel)
        return false;
    if (answer == ui::MainWindow::SaveChoice::Save)
        return save();
    return true;
}

bool ProjectController::save()
{
    if (m_projectDir.isEmpty()) {
        m_window->showError(tr("There is no project to save. Create one with File → New Project…"));
        return false;
    }
    if (!saveProject(m_window->trainPanel()->settings()))
        return false;
    m_window->showMessage(tr("Saved %1.").arg(QDir::toNativeSeparators(m_projectDir)));
    return true;
}

bool ProjectController::saveProject(const ui::TrainSettings &settings)
{
    try {
        auto project = engine::Project::open(toPath(m_projectDir));
        if (project.mode == engine::ProjectMode::MultiDomain) {
            project.namedDomains.clear();
            for (const auto *pane : m_window->domainPanes())
                project.namedDomains.push_back({pane->title().toStdString(), paths(pane->sources())});
            project.multiDomain = toMultiDomainOptions(settings, project.multiDomain);
            engine::validate(project.multiDomain, int(project.namedDomains.size()));
            engine::validateDomainNames(project.namedDomains);
        } else {
            project.setDomains(paths(m_window->domainA()->sources()), paths(m_window->domainB()->sources()));
            const auto names = m_window->styleNames();
            project.setStyleNames(names.a.toStdString(), names.b.toStdString());
            project.options = toOptions(settings, project.options);
            project.preset = engine::presetName(toEngine(settings.preset));
            engine::validate(project.options);
        }
        project.save();
        m_window->undoStack()->setClean();
        m_settingsEdited = false;
        m_domainsEdited = false;
        updateModified();
        return true;
    } catch (const engine::Error &e) {
        m_window->showError(engineText(e.what()));
        return false;
    }
}

void ProjectController::askNewProject()
{
    ui::NewProjectWizard wizard(engineFileTypes(), presetValues(), defaultSettings(),
                                QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation), m_window);
    // The presets' speed on this computer, measured on the (idle) training worker.
    connect(&wizard, &ui::NewProjectWizard::estimatesRequested, this,
            [this](const QVector<ui::TrainSettings> &settings, int a, int b) { m_training.requestPlanEstimates(settings, a, b); });
    connect(m_training.worker(), &TrainingWorker::plansEstimated, &wizard, &ui::NewProjectWizard::setEstimates);
    if (wizard.exec() == QDialog::Accepted)
        createProject(wizard.request());
}

void ProjectController::askOpenProject(const QString &requested)
{
    const QString dir = requested.isEmpty() ? QFileDialog::getExistingDirectory(m_window, tr("Open a CycleStudio project"),
                                                                                       QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)) : requested;
    if (!dir.isEmpty())
        openProject(dir);
}

void ProjectController::askFineTune()
{
    ui::FineTuneDialog dialog(m_window);
    auto suggestion = toRequest(engine::FineTuneOptions());
    suggestion.source = m_projectDir;
    if (!m_projectDir.isEmpty())
        suggestion.projectDir = m_projectDir + tr(" (fine-tuned)");
    dialog.setRequest(suggestion);
    if (dialog.exec() == QDialog::Accepted)
        createFineTuneProject(dialog.request());
}

void ProjectController::askNewMultiDomain()
{
    const QString dir = QFileDialog::getSaveFileName(m_window, tr("New multi-domain project folder"),
                                                     documentsPath(tr("Untitled multi-domain project")), QString(), nullptr,
                                                     QFileDialog::ShowDirsOnly);
    if (!dir.isEmpty())
        createMultiDomainProject(dir);
}

bool ProjectController::createProject(const QString &dir)
{
    try {
        const auto preset = engine::defaultPreset(engine::cudaAvailable());
        engine::TrainOptions options;
        engine::applyPreset(options, preset);
        engine::Project::create(toPath(dir), {}, {}, options, engine::presetName(preset));
    } catch (const engine::Error &e) {
        m_window->showError(engineText(e.what()));
        return false;
    }
    return openProject(dir);
}

bool ProjectController::createProject(const ui::NewProjectRequest &r)
{
    try {
        engine::TrainOptions options;
        engine::applyPreset(options, toEngine(r.settings.preset));
        options = toOptions(r.settings, options);
        auto project = engine::Project::create(toPath(r.dir), paths(r.sourcesA), paths(r.sourcesB), options,
                                               engine::presetName(toEngine(r.settings.preset)));
        project.setStyleNames(r.names.a.toStdString(), r.names.b.toStdString());
        project.save();
    } catch (const engine::Error &e) {
        m_window->showError(engineText(e.what()));
        return false;
    }
    if (!openProject(r.dir))
        return false;
    m_window->tabs()->setCurrentWidget(m_window->trainPanel());
    m_window->trainPanel()->setAdvancedShown(r.custom);
    m_window->showMessage(r.custom ? tr("Choose the settings, then press Start.") : tr("Press Start to train."));
    return true;
}

bool ProjectController::createFineTuneProject(const ui::FineTuneRequest &r)
{
    try {
        engine::TrainOptions base;
        base.seed = QRandomGenerator::global()->generate64();
        base.previewEvery = 10;
        base.checkpointEvery = 100;
        engine::createFineTuneProject(toPath(r.projectDir), {}, {}, toFineTuneOptions(r), base);
    } catch (const engine::Error &e) {
        m_window->showError(engineText(e.what()));
        return false;
    } catch (const std::exception &e) {
        m_window->showError(tr("The fine-tuning project could not be created: %1").arg(engineText(e.what())));
        return false;
    }
    if (!openProject(r.projectDir))
        return false;
    m_window->showMessage(tr("Drop the new images onto Domain A and Domain B, then press Start."));
    return true;
}

bool ProjectController::createMultiDomainProject(const QString &dir, QStringList names)
{
    if (names.isEmpty())
        names = QStringList{tr("Domain %1").arg(1), tr("Domain %1").arg(2)};
    try {
        engine::MultiDomainOptions options;
        if (!engine::cudaAvailable()) {
            // The paper's 128 px and batch 16 take many seconds per iteration on a CPU.
            options.imageSize = 64;
            options.batchSize = 4;
        }
        options.seed = QRandomGenerator::global()->generate64();
        std::vector<engine::NamedDomain> domains;
        for (const auto &n : names)
            domains.push_back({n.toStdString(), {}});
        engine::Project::createMultiDomain(toPath(dir), domains, options);
    } catch (const engine::Error &e) {
        m_window->showError(engineText(e.what()));
        return false;
    }
    if (!openProject(dir))
        return false;
    m_window->showMessage(tr("Drop a folder of images onto each domain's tab; add domains with +, rename them with a double-click."));
    return true;
}

bool ProjectController::openDemoProject()
{
    // The demo images: installed beside the program (Linux, Windows, macOS bundle) or in the source tree.
    const QString exe = QCoreApplication::applicationDirPath();
    const QStringList candidates = {exe + QStringLiteral("/../share/cyclestudio/demo"), exe + QStringLiteral("/../Resources/demo"),
                                    exe + QStringLiteral("/../demo"), QStringLiteral(CYCLESTUDIO_SOURCE_DEMO)};
    QString images;
    for (const auto &c : candidates)
        if (QFileInfo(c + QStringLiteral("/A")).isDir() && QFileInfo(c + QStringLiteral("/B")).isDir()) {
            images = QDir(c).absolutePath();
            break;
        }
    if (images.isEmpty()) {
        m_window->showError(tr("The demo images are not installed with this copy of CycleStudio."));
        return false;
    }
    const QString dir = documentsPath(tr("CycleStudio Demo"));
    if (!engine::Project::exists(toPath(dir))) {
        try {
            engine::TrainOptions options;
            engine::applyPreset(options, engine::Preset::Sketch);
            options.previewEvery = 10;
            options.checkpointEvery = 100;
            auto project = engine::Project::create(toPath(dir), {toPath(images + QStringLiteral("/A"))},
                                                   {toPath(images + QStringLiteral("/B"))}, options, engine::presetName(engine::Preset::Sketch));
            project.setStyleNames(tr("Photos").toStdString(), tr("Paintings").toStdString());
            project.save();
        } catch (const engine::Error &e) {
            m_window->showError(engineText(e.what()));
            return false;
        }
    }
    return openProject(dir);
}

bool ProjectController::openProject(const QString &dir)
{
    if (refuseWhileTraining())
        return false;
    try {
        fillWindow(dir);
    } catch (const std::exception &e) { // engine::Error is a sentence; anything else is still not a crash
        m_window->showError(engineText(e.what()));
        return false;
    }
    m_window->setProject(m_projectDir);
    m_window->undoStack()->clear();
    m_settingsEdited = false;
    m_domainsEdited = false;
    updateModified();
    loadHistory();
    Q_EMIT projectOpened(m_projectDir);
    return true;
}

void ProjectController::fillWindow(const QString &dir)
{
    const auto project = engine::Project::open(toPath(dir));
    m_projectDir = QFileInfo(dir).absoluteFilePath();
    auto resolve = [&](const std::vector<std::filesystem::path> &sources) {
        QStringList out;
        for (const auto &p : sources)
            out << toQString(p.is_absolute() ? p : project.dir() / p);
        return out;
    };
    auto *panel = m_window->trainPanel();
    if (project.mode == engine::ProjectMode::MultiDomain) {
        QStringList names;
        for (const auto &d : project.namedDomains)
            names << QString::fromStdString(d.name);
        m_window->datasets()->setDomainNames(names);
        m_window->setStyleNames({});
        const auto panes = m_window->domainPanes();
        for (size_t i = 0; i < project.namedDomains.size(); ++i)
            panes[int(i)]->setSources(resolve(project.namedDomains[i].sources));
        panel->setSettings(toSettings(project.multiDomain));
    } else {
        m_window->datasets()->setDomainNames({});
        m_window->setStyleNames({QString::fromStdString(project.nameA), QString::fromStdString(project.nameB)});
        m_window->domainA()->setSources(resolve(project.domainA()));
        m_window->domainB()->setSources(resolve(project.domainB()));
        panel->setSettings(toSettings(project.options, engine::presetFromName(project.preset).value_or(engine::Preset::Custom)));
    }
    m_window->previewView()->setMultiDomain(project.mode == engine::ProjectMode::MultiDomain);
}

void ProjectController::loadHistory()
{
    auto *plot = m_window->lossPlot();
    plot->clear();
    auto *previews = m_window->previewView();
    previews->clear();
    try {
        const auto project = engine::Project::open(toPath(m_projectDir));
        const auto history = engine::readLossLog(project.lossesCsv());
        QStringList names;
        for (const auto &n : history.names)
            names << QString::fromStdString(n);
        QVector<ui::LossPoint> points;
        for (const auto &row : history.rows)
            points.push_back({row.iteration, names, QVector<double>(row.values.begin(), row.values.end())});
        plot->addPoints(points);
        auto files = project.previewFiles();
        if (files.size() > size_t(kMaxPreviewsLoaded))
            files.erase(files.begin(), files.end() - kMaxPreviewsLoaded);
        for (const auto &f : files) {
            QImage img(toQString(f.file));
            if (!img.isNull())
                previews->addPreview(f.iteration, img);
        }
    } catch (const engine::Error &e) {
        m_window->showMessage(engineText(e.what()));
    }
}

} // namespace app
