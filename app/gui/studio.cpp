#include "app/gui/studio.h"

#include "app/gui/conversions.h"
#include "app/gui/trainingworker.h"
#include "app/gui/translateworker.h"
#include "engine/about.h"
#include "engine/error.h"
#include "engine/finetune.h"
#include "engine/options.h"
#include "engine/trainer.h"
#include "engine/project.h"
#include "ui/datasetpane.h"
#include "ui/finetunedialog.h"
#include "ui/lossplot.h"
#include "ui/mainwindow.h"
#include "ui/previewview.h"
#include "ui/trainpanel.h"
#include "ui/translateview.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QRandomGenerator>
#include <QMessageBox>
#include <QStandardPaths>
#include <QUndoStack>
#include <QRegularExpression>
#include <QTextStream>

#include <cmath>

namespace app {

namespace {
constexpr int kMaxPreviewsLoaded = 200;

// Runs `call(*worker)` on the worker's thread as a queued call; the caller captures the arguments by
// value at request time (the project folder included), so nothing is read across threads later.
template <typename Worker, typename Call>
void queueOn(Worker *worker, Call call)
{
    QMetaObject::invokeMethod(worker, [worker, call] { call(*worker); }, Qt::QueuedConnection);
}
} // namespace

Studio::Studio(QObject *parent) : QObject(parent), m_window(std::make_unique<ui::MainWindow>())
{
    qRegisterMetaType<ui::LossPoint>();
    qRegisterMetaType<QVector<ui::LossPoint>>();
    qRegisterMetaType<ui::TrainStatus>();
    qRegisterMetaType<ui::TrainSettings>();
    qRegisterMetaType<ui::TrainEstimate>();

    m_thread.setObjectName(QStringLiteral("engine worker"));
    m_worker = new TrainingWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();

    m_translateThread.setObjectName(QStringLiteral("translate worker"));
    m_translateWorker = new TranslateWorker;
    m_translateWorker->moveToThread(&m_translateThread);
    connect(&m_translateThread, &QThread::finished, m_translateWorker, &QObject::deleteLater);
    m_translateThread.start();

    auto *w = m_window.get();
    auto *tv = w->translateView();
    connect(tv, &ui::TranslateView::translateRequested, this, [this](const QString &path, const QString &direction, const QString &model) {
        queueOn(m_translateWorker, [=, dir = m_projectDir](TranslateWorker &worker) { worker.translate(dir, model, direction, path); });
    });
    connect(tv, &ui::TranslateView::exportRequested, this,
            [this](const QString &in, const QString &out, const QString &direction, const QString &model, const QString &format) {
                queueOn(m_translateWorker, [=, dir = m_projectDir](TranslateWorker &worker) {
                    worker.exportFolder(dir, model, direction, in, out, format);
                });
            });
    connect(tv, &ui::TranslateView::cancelExportRequested, this, [this] { m_translateWorker->requestCancel(); });
    connect(tv, &ui::TranslateView::videoFrameRequested, this,
            [this](const QString &video, qint64 frame, const QString &direction, const QString &model) {
                queueOn(m_translateWorker, [=, dir = m_projectDir](TranslateWorker &worker) {
                    worker.previewVideoFrame(dir, model, direction, video, frame);
                });
            });
    connect(tv, &ui::TranslateView::videoExportRequested, this,
            [this](const QString &video, const QString &out, const QString &direction, const QString &model, double smoothing) {
                queueOn(m_translateWorker, [=, dir = m_projectDir](TranslateWorker &worker) {
                    worker.exportVideo(dir, model, direction, video, out, smoothing);
                });
            });
    connect(m_translateWorker, &TranslateWorker::videoOpened, tv, &ui::TranslateView::showVideoInfo);
    connect(m_translateWorker, &TranslateWorker::videoFinished, tv, &ui::TranslateView::showVideoFinished);
    connect(m_translateWorker, &TranslateWorker::translated, tv, &ui::TranslateView::showResult);
    connect(m_translateWorker, &TranslateWorker::exportProgress, tv, &ui::TranslateView::showExportProgress);
    connect(m_translateWorker, &TranslateWorker::exportFinished, tv, &ui::TranslateView::showExportFinished);
    connect(m_translateWorker, &TranslateWorker::failed, tv, &ui::TranslateView::showError);
    connect(m_worker, &TrainingWorker::lossPoints, w->lossPlot(), &ui::LossPlot::addPoints);
    connect(m_worker, &TrainingWorker::previewReady, w->previewView(), &ui::PreviewView::addPreview);
    connect(m_worker, &TrainingWorker::statusChanged, w, &ui::MainWindow::showStatus);
    connect(m_worker, &TrainingWorker::message, w, &ui::MainWindow::showMessage);
    connect(m_worker, &TrainingWorker::paused, w->trainPanel(), &ui::TrainPanel::setPaused);
    connect(m_worker, &TrainingWorker::failed, w, &ui::MainWindow::showError);
    connect(m_worker, &TrainingWorker::finished, this, [this](qint64 iteration) {
        m_training = false;
        m_window->setTraining(false);
        m_window->showMessage(tr("Training stopped at iteration %1; the checkpoint is saved.").arg(iteration));
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
    connect(w, &ui::MainWindow::openProjectRequested, this, [this](const QString &requested) {
        if (m_training || !maybeSave())
            return;
        const QString dir = requested.isEmpty() ? QFileDialog::getExistingDirectory(m_window.get(), tr("Open a CycleStudio project")) : requested;
        if (!dir.isEmpty())
            openProject(dir);
    });
    connect(w, &ui::MainWindow::newProjectRequested, this, &Studio::askNewProject);
    connect(w, &ui::MainWindow::fineTuneRequested, this, [this] {
        if (m_training || !maybeSave())
            return;
        ui::FineTuneDialog dialog(m_window.get());
        ui::FineTuneRequest suggestion;
        suggestion.source = m_projectDir;
        if (!m_projectDir.isEmpty())
            suggestion.projectDir = m_projectDir + tr(" (fine-tuned)");
        dialog.setRequest(suggestion);
        if (dialog.exec() == QDialog::Accepted)
            createFineTuneProject(dialog.request());
    });
    connect(w, &ui::MainWindow::openDemoRequested, this, [this] {
        if (!m_training && maybeSave())
            openDemoProject();
    });
    connect(w, &ui::MainWindow::saveRequested, this, &Studio::save);
    connect(w, &ui::MainWindow::exportModelRequested, this, &Studio::askExportModel);
    connect(m_translateWorker, &TranslateWorker::modelExported, this, [this](const QString &file, const QString &what) {
        m_window->showMessage(tr("Exported the model (%1) to %2.").arg(what, QDir::toNativeSeparators(file)));
    });
    connect(m_translateWorker, &TranslateWorker::modelExportFailed, w, &ui::MainWindow::showError);

    // Unsaved changes: dataset edits are on the undo stack; settings edits are flagged.
    connect(w->undoStack(), &QUndoStack::cleanChanged, this, &Studio::updateModified);
    connect(w->trainPanel(), &ui::TrainPanel::settingsEdited, this, [this] {
        m_settingsEdited = true;
        updateModified();
    });

    // Thumbnails and the large preview decode with the engine, so unreadable marks match training.
    w->domainA()->setImageLoader(engineImageLoader());
    w->domainB()->setImageLoader(engineImageLoader());

    // The estimate before Start is computed on the (idle) training worker.
    connect(w->trainPanel(), &ui::TrainPanel::estimateRequested, this, &Studio::requestEstimate);
    connect(m_worker, &TrainingWorker::estimated, w->trainPanel(), &ui::TrainPanel::showEstimate);
    for (auto *pane : {w->domainA(), w->domainB()})
        connect(pane, &ui::DatasetPane::sourcesChanged, this, [this] { requestEstimate(m_window->trainPanel()->settings()); });
    // Multi-domain projects: panes come and go with their domains.
    connect(w, &ui::MainWindow::domainPaneCreated, this, [](ui::DatasetPane *pane) { pane->setImageLoader(engineImageLoader()); });
    connect(w, &ui::MainWindow::domainsEdited, this, [this] {
        m_domainsEdited = true;
        updateModified();
        updateTranslateTargets();
    });
    connect(w, &ui::MainWindow::newMultiDomainRequested, this, [this] {
        if (m_training || !maybeSave())
            return;
        const QString start =
            QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).filePath(tr("Untitled multi-domain project"));
        const QString dir = QFileDialog::getSaveFileName(m_window.get(), tr("New multi-domain project folder"), start, QString(), nullptr,
                                                         QFileDialog::ShowDirsOnly);
        if (!dir.isEmpty())
            createMultiDomainProject(dir);
    });

    QString about = tr("<p>Built with:</p><ul>");
    about += tr("<li>Qt %1 (LGPL-3.0)</li>").arg(QString::fromLatin1(qVersion()));
    for (const auto &lib : engine::engineLibraries())
        about += tr("<li>%1 %2 (%3)</li>").arg(QString::fromStdString(lib.name), QString::fromStdString(lib.version), QString::fromStdString(lib.licence));
    about += tr("<li>QCustomPlot 2.1 (GPL-3.0)</li></ul>");
    w->setAboutDetails(about);
}

bool Studio::isModified() const { return m_settingsEdited || m_domainsEdited || !m_window->undoStack()->isClean(); }

void Studio::updateTranslateTargets()
{
    QVector<QPair<QString, QString>> targets;
    if (m_window->isMultiDomain()) {
        for (const auto &name : m_window->domainNames())
            targets.append({tr("to %1").arg(name), QStringLiteral("to:") + name});
    }
    m_window->translateView()->setTargets(targets); // empty: A → B and B → A
}

bool Studio::createMultiDomainProject(const QString &dir, QStringList names)
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
        options.seed = QRandomGenerator::global()->generate();
        std::vector<engine::NamedDomain> domains;
        for (const auto &n : names)
            domains.push_back({n.toStdString(), {}});
        engine::Project::createMultiDomain(toPath(dir), domains, options);
    } catch (const engine::Error &e) {
        m_window->showError(QString::fromStdString(e.what()));
        return false;
    }
    if (!openProject(dir))
        return false;
    m_window->showMessage(tr("Drop a folder of images onto each domain's tab; add domains with +, rename them with a double-click."));
    return true;
}

void Studio::updateModified() { m_window->setWindowModified(isModified()); }

void Studio::requestEstimate(const ui::TrainSettings &settings)
{
    if (m_training)
        return;
    const int a = m_window->domainA()->imageCount(), b = m_window->domainB()->imageCount();
    queueOn(m_worker, [=](TrainingWorker &worker) { worker.estimate(settings, a, b); });
}

bool Studio::maybeSave()
{
    if (m_projectDir.isEmpty() || !isModified())
        return true;
    const auto answer = QMessageBox::question(m_window.get(), tr("Unsaved changes"),
                                              tr("The project “%1” has changes to its domains or settings that are not saved. Save them?")
                                                  .arg(QFileInfo(m_projectDir).fileName()),
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Save)
        return save();
    return true;
}

bool Studio::save()
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

void Studio::askNewProject()
{
    if (m_training || !maybeSave())
        return;
    const QString start = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).filePath(tr("Untitled project"));
    const QString dir = QFileDialog::getSaveFileName(m_window.get(), tr("New project folder"), start, QString(), nullptr,
                                                     QFileDialog::ShowDirsOnly);
    if (!dir.isEmpty())
        createProject(dir);
}

bool Studio::createProject(const QString &dir)
{
    try {
        const auto preset = engine::defaultPreset(engine::cudaAvailable());
        engine::TrainOptions options;
        engine::applyPreset(options, preset);
        engine::Project::create(toPath(dir), {}, {}, options, engine::presetName(preset));
    } catch (const engine::Error &e) {
        m_window->showError(QString::fromStdString(e.what()));
        return false;
    }
    return openProject(dir);
}

bool Studio::createFineTuneProject(const ui::FineTuneRequest &r)
{
    try {
        engine::FineTuneOptions ft;
        ft.source = toPath(r.source);
        ft.freezeEncoder = r.freezeEncoder;
        ft.freezeBlocks = r.freezeBlocks;
        ft.lr = r.lr;
        ft.epochs = r.epochs;
        ft.epochsDecay = r.epochsDecay;
        engine::TrainOptions base;
        base.seed = QRandomGenerator::global()->generate();
        base.previewEvery = 10;
        base.checkpointEvery = 100;
        engine::createFineTuneProject(toPath(r.projectDir), {}, {}, ft, base);
    } catch (const engine::Error &e) {
        m_window->showError(QString::fromStdString(e.what()));
        return false;
    } catch (const std::exception &e) {
        m_window->showError(tr("The fine-tuning project could not be created: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
    if (!openProject(r.projectDir))
        return false;
    m_window->showMessage(tr("Drop the new images onto Domain A and Domain B, then press Start."));
    return true;
}

bool Studio::openDemoProject()
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
    const QString dir = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).filePath(tr("CycleStudio Demo"));
    if (!engine::Project::exists(toPath(dir))) {
        try {
            engine::TrainOptions options;
            engine::applyPreset(options, engine::Preset::Sketch);
            options.previewEvery = 10;
            options.checkpointEvery = 100;
            engine::Project::create(toPath(dir), {toPath(images + QStringLiteral("/A"))}, {toPath(images + QStringLiteral("/B"))}, options,
                                    engine::presetName(engine::Preset::Sketch));
        } catch (const engine::Error &e) {
            m_window->showError(QString::fromStdString(e.what()));
            return false;
        }
    }
    return openProject(dir);
}

void Studio::askExportModel()
{
    if (m_projectDir.isEmpty()) {
        m_window->showError(tr("Open a project with a trained model first."));
        return;
    }
    if (m_window->isMultiDomain()) {
        m_window->showError(tr("Model files (.csm) hold two-domain generators; share a multi-domain project's folder instead."));
        return;
    }
    bool ok = false;
    const QStringList directions = {tr("A → B"), tr("B → A")};
    const QString choice = QInputDialog::getItem(m_window.get(), tr("Export model"), tr("Direction to export:"), directions, 0, false, &ok);
    if (!ok)
        return;
    const QString direction = choice == directions[1] ? QStringLiteral("BtoA") : QStringLiteral("AtoB");
    const QString suggested = QDir(m_projectDir).filePath(QStringLiteral("models/%1_%2.csm").arg(QFileInfo(m_projectDir).fileName(), direction));
    const QString file = QFileDialog::getSaveFileName(m_window.get(), tr("Export model"), suggested, tr("CycleStudio model (*.csm)"));
    if (file.isEmpty())
        return;
    queueOn(m_translateWorker, [=, dir = m_projectDir](TranslateWorker &worker) { worker.exportModel(dir, direction, file); });
}

Studio::~Studio()
{
    m_worker->requestStop();
    m_translateWorker->requestCancel();
    m_thread.quit();
    m_translateThread.quit();
    m_thread.wait();
    m_translateThread.wait();
}

bool Studio::openProject(const QString &dir)
{
    if (m_training) {
        m_window->showError(tr("Stop training before opening another project."));
        return false;
    }
    try {
        const auto project = engine::Project::open(toPath(dir));
        m_projectDir = QFileInfo(dir).absoluteFilePath();
        auto resolve = [&](const std::vector<std::filesystem::path> &paths) {
            QStringList out;
            for (const auto &p : paths)
                out << toQString(p.is_absolute() ? p : project.dir() / p);
            return out;
        };
        if (project.mode == engine::ProjectMode::MultiDomain) {
            QStringList names;
            for (const auto &d : project.namedDomains)
                names << QString::fromStdString(d.name);
            m_window->setDomainNames(names);
            const auto panes = m_window->domainPanes();
            for (size_t i = 0; i < project.namedDomains.size(); ++i)
                panes[int(i)]->setSources(resolve(project.namedDomains[i].sources));
            m_window->trainPanel()->setSettings(toSettings(project.multiDomain));
        } else {
            m_window->setDomainNames({});
            m_window->domainA()->setSources(resolve(project.domainA()));
            m_window->domainB()->setSources(resolve(project.domainB()));
            m_window->trainPanel()->setSettings(toSettings(project.options, QString::fromStdString(project.preset)));
        }
        m_window->previewView()->setMultiDomain(project.mode == engine::ProjectMode::MultiDomain);
        updateTranslateTargets();
        m_window->setProject(m_projectDir);
        m_window->undoStack()->clear();
        m_settingsEdited = false;
        m_domainsEdited = false;
        updateModified();
        loadHistory();
        return true;
    } catch (const engine::Error &e) {
        m_window->showError(QString::fromStdString(e.what()));
        return false;
    }
}

void Studio::loadHistory()
{
    auto *plot = m_window->lossPlot();
    plot->clear();
    QFile csv(QDir(m_projectDir).filePath(QStringLiteral("logs/losses.csv")));
    if (csv.open(QIODevice::ReadOnly | QIODevice::Text)) {
        QVector<ui::LossPoint> points;
        QTextStream in(&csv);
        // iteration, epoch, then one column per loss; an empty field is a loss that row does not have.
        const QStringList names = in.readLine().split(QLatin1Char(',')).mid(2);
        while (!in.atEnd()) {
            const auto fields = in.readLine().split(QLatin1Char(','));
            bool ok = false;
            ui::LossPoint p;
            p.iteration = fields[0].toLongLong(&ok);
            if (!ok || fields.size() < 3)
                continue;
            p.names = names;
            p.values.resize(names.size());
            for (int i = 0; i < names.size(); ++i) {
                bool valid = false;
                const double v = i + 2 < fields.size() ? fields[i + 2].toDouble(&valid) : 0.0;
                p.values[i] = valid ? v : std::nan("");
            }
            points.push_back(p);
        }
        plot->addPoints(points);
    }
    auto *previews = m_window->previewView();
    previews->clear();
    QDir dir(QDir(m_projectDir).filePath(QStringLiteral("previews")));
    auto files = dir.entryList({QStringLiteral("preview_*.png")}, QDir::Files, QDir::Name);
    if (files.size() > kMaxPreviewsLoaded)
        files = files.mid(files.size() - kMaxPreviewsLoaded);
    static const QRegularExpression number(QStringLiteral("preview_(\\d+)\\.png"));
    for (const auto &f : files) {
        const auto m = number.match(f);
        QImage img(dir.filePath(f));
        if (m.hasMatch() && !img.isNull())
            previews->addPreview(m.captured(1).toLongLong(), img);
    }
}

bool Studio::saveProject(const ui::TrainSettings &settings)
{
    try {
        auto project = engine::Project::open(toPath(m_projectDir));
        auto paths = [](const QStringList &sources) {
            std::vector<std::filesystem::path> out;
            for (const auto &s : sources)
                out.push_back(toPath(s));
            return out;
        };
        if (project.mode == engine::ProjectMode::MultiDomain) {
            project.namedDomains.clear();
            for (const auto *pane : m_window->domainPanes())
                project.namedDomains.push_back({pane->title().toStdString(), paths(pane->sources())});
            project.multiDomain = toMultiDomainOptions(settings, project.multiDomain);
            engine::validate(project.multiDomain, int(project.namedDomains.size()));
            engine::validateDomainNames(project.namedDomains);
        } else {
            project.setDomains(paths(m_window->domainA()->sources()), paths(m_window->domainB()->sources()));
            project.options = toOptions(settings, project.options);
            project.preset = settings.preset.toStdString();
            engine::validate(project.options);
        }
        project.save();
        m_window->undoStack()->setClean();
        m_settingsEdited = false;
        m_domainsEdited = false;
        updateModified();
        return true;
    } catch (const engine::Error &e) {
        m_window->showError(QString::fromStdString(e.what()));
        return false;
    }
}

void Studio::startTraining(const ui::TrainSettings &settings, qint64 iterations)
{
    if (m_training)
        return;
    if (m_projectDir.isEmpty()) {
        m_window->showError(tr("Open or create a project first (File → Open Project…)."));
        return;
    }
    if (m_window->isMultiDomain()) {
        for (const auto *pane : m_window->domainPanes())
            if (pane->imageCount() == 0) {
                m_window->showError(tr("Every domain needs images: drop a folder of images onto “%1”.").arg(pane->title()));
                return;
            }
    } else if (m_window->domainA()->imageCount() == 0 || m_window->domainB()->imageCount() == 0) {
        m_window->showError(tr("Both domains need images: drop a folder onto Domain A and onto Domain B."));
        return;
    }
    if (!saveProject(settings))
        return;
    m_training = true;
    m_window->setTraining(true);
    const QString dir = m_projectDir, device = settings.device;
    const int threads = settings.threads;
    queueOn(m_worker, [=](TrainingWorker &worker) { worker.train(dir, iterations, device, threads); });
    Q_EMIT trainingStarted();
}

void Studio::pauseTraining(bool pause) { m_worker->requestPause(pause); }

void Studio::stopTraining() { m_worker->requestStop(); }

void Studio::requestClose()
{
    if (!m_training && !maybeSave())
        return;
    if (m_training) {
        m_closeWhenStopped = true;
        m_window->showMessage(tr("Stopping training and saving a checkpoint…"));
        m_worker->requestStop();
        return;
    }
    m_window->allowClose();
    // We are inside the window's close event; close again once it has returned.
    QMetaObject::invokeMethod(m_window.get(), &QWidget::close, Qt::QueuedConnection);
}

} // namespace app
