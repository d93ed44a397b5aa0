#include "app/gui/translationcontroller.h"

#include "app/gui/conversions.h"
#include "app/gui/modellibrary.h"
#include "app/gui/queue.h"
#include "app/gui/translateworker.h"
#include "engine/project/project.h"
#include "ui/mainwindow.h"
#include "ui/modellist.h"
#include "ui/officialdialog.h"
#include "ui/translateview.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>

namespace app {

TranslationController::TranslationController(ui::MainWindow *window, QObject *parent) : QObject(parent), m_window(window)
{
    qRegisterMetaType<ui::TranslateRequest>();
    qRegisterMetaType<ui::ExportRequest>();
    qRegisterMetaType<ui::ModelEntry>();
    qRegisterMetaType<QVector<ui::ModelEntry>>();
    qRegisterMetaType<ui::OfficialImportRequest>();
    m_thread.setObjectName(QStringLiteral("translate worker"));
    m_worker = new TranslateWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_library = new ModelLibrary(ModelLibrary::defaultFolder());
    m_library->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_library, &QObject::deleteLater);
    m_thread.start();
    connectLibrary();

    auto *tv = m_window->translateView();
    connect(tv, &ui::TranslateView::translateRequested, this, [this](const QString &path, const ui::TranslateRequest &r) {
        queueOn(m_worker, [=](TranslateWorker &worker) { worker.translate(path, r); });
    });
    connect(tv, &ui::TranslateView::exportRequested, this,
            [this](const ui::ExportRequest &r) { queueOn(m_worker, [=](TranslateWorker &worker) { worker.exportFolder(r); }); });
    connect(tv, &ui::TranslateView::cancelExportRequested, this, [this] { m_worker->requestCancel(); });
    connect(tv, &ui::TranslateView::modelFileChosen, this,
            [this](const QString &file) { queueOn(m_worker, [=](TranslateWorker &worker) { worker.inspectModel(file); }); });
    connect(m_worker, &TranslateWorker::modelInspected, tv, &ui::TranslateView::showModelInfo);
    connect(m_worker, &TranslateWorker::modelProblem, tv, &ui::TranslateView::showModelProblem);
    connect(tv, &ui::TranslateView::videoFrameRequested, this, [this](const QString &video, qint64 frame, const ui::TranslateRequest &r) {
        queueOn(m_worker, [=](TranslateWorker &worker) { worker.previewVideoFrame(video, frame, r); });
    });
    connect(tv, &ui::TranslateView::videoExportRequested, this,
            [this](const QString &video, const QString &out, const ui::TranslateRequest &r, double smoothing) {
                queueOn(m_worker, [=](TranslateWorker &worker) { worker.exportVideo(video, out, r, smoothing); });
            });
    connect(m_worker, &TranslateWorker::videoOpened, tv, &ui::TranslateView::showVideoInfo);
    connect(m_worker, &TranslateWorker::videoFinished, tv, &ui::TranslateView::showVideoFinished);
    connect(m_worker, &TranslateWorker::translated, tv, &ui::TranslateView::showResult);
    connect(m_worker, &TranslateWorker::exportProgress, tv, &ui::TranslateView::showExportProgress);
    connect(m_worker, &TranslateWorker::exportFinished, tv, &ui::TranslateView::showExportFinished);
    connect(m_worker, &TranslateWorker::failed, tv, &ui::TranslateView::showError);
    connect(tv, &ui::TranslateView::deepSaveRequested, this, [this](const QString &image, const QString &file, const ui::TranslateRequest &r) {
        queueOn(m_worker, [=](TranslateWorker &worker) { worker.saveDeep(image, r, file); });
    });
    connect(m_worker, &TranslateWorker::saved, tv, &ui::TranslateView::showSaved);
}

void TranslationController::connectLibrary()
{
    auto *list = m_window->modelList();
    connect(m_library, &ModelLibrary::listed, list, &ui::ModelList::setModels);
    connect(m_library, &ModelLibrary::updated, list, &ui::ModelList::updateModel);
    connect(m_library, &ModelLibrary::imported, this, [this](const ui::ModelEntry &m) {
        m_window->modelList()->updateModel(m);
        m_window->modelList()->selectModel(m.path);
        m_window->showTranslateTab();
        m_window->showMessage(tr("“%1” is ready on the Translate tab: drop an image there.").arg(m.name));
    });
    connect(m_library, &ModelLibrary::failed, m_window, &ui::MainWindow::showError);
    connect(list, &ui::ModelList::renameRequested, this, [this](const QString &path, const QString &name) {
        queueOn(m_library, [=](ModelLibrary &library) { library.rename(path, name); });
    });
    connect(list, &ui::ModelList::removeRequested, this,
            [this](const QString &path) { queueOn(m_library, [=](ModelLibrary &library) { library.remove(path); }); });
    connect(m_window, &ui::MainWindow::importModelRequested, this, &TranslationController::importModel);
    connect(m_window, &ui::MainWindow::newFromOfficialRequested, this, &TranslationController::askNewFromOfficial);
    connect(m_library, &ModelLibrary::exported, this, [this](const QString &file, const QString &what) {
        m_window->showMessage(tr("Exported the model (%1) to %2.").arg(what, QDir::toNativeSeparators(file)));
    });
    connect(m_library, &ModelLibrary::exportFailed, m_window, &ui::MainWindow::showError);
    connect(m_library, &ModelLibrary::projectCreated, this, &TranslationController::officialProjectCreated);
    connect(m_library, &ModelLibrary::projectFailed, m_window, &ui::MainWindow::showError);
    queueOn(m_library, [](ModelLibrary &library) { library.refresh(); });
}

void TranslationController::importModel(const QString &requested)
{
    QString file = requested;
    if (file.isEmpty())
        file = QFileDialog::getOpenFileName(m_window, tr("Import a model"), {},
                                            tr("Models (*.csm *.pth *.pt);;CycleStudio models (*.csm);;PyTorch CycleGAN generators (*.pth *.pt)"));
    if (file.isEmpty())
        return;
    m_window->showMessage(tr("Importing %1…").arg(QFileInfo(file).fileName()));
    queueOn(m_library, [=](ModelLibrary &library) { library.importModel(file); });
}

void TranslationController::askNewFromOfficial()
{
    ui::OfficialImportDialog dialog(m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const auto request = dialog.request();
    m_window->showMessage(tr("Reading the PyTorch checkpoint…"));
    queueOn(m_library, [=](ModelLibrary &library) { library.createFromOfficial(request); });
}

TranslationController::~TranslationController()
{
    m_worker->requestCancel();
    m_thread.quit();
    m_thread.wait();
}

void TranslationController::setProject(const QString &projectDir)
{
    m_window->translateView()->setProjectDir(projectDir);
    updateTargets();
}

void TranslationController::updateTargets()
{
    QVector<ui::DomainTarget> targets;
    if (m_window->isMultiDomain()) {
        const auto names = m_window->domainNames();
        for (int i = 0; i < names.size(); ++i)
            targets.append({i, names[i]});
    }
    m_window->translateView()->setTargets(targets); // empty: A → B and B → A
}

void TranslationController::askExportModel(const QString &projectDir)
{
    if (projectDir.isEmpty()) {
        m_window->showError(tr("Open a project with a trained model first."));
        return;
    }
    if (m_window->isMultiDomain()) {
        m_window->showError(tr("Exported models hold two-domain generators; share a multi-domain project's folder instead."));
        return;
    }
    bool ok = false;
    const QStringList directions = {tr("A → B"), tr("B → A")};
    const QString choice = QInputDialog::getItem(m_window, tr("Export model"), tr("Direction to export:"), directions, 0, false, &ok);
    if (!ok)
        return;
    const auto direction = choice == directions[1] ? ui::Direction::BtoA : ui::Direction::AtoB;
    QString suggested;
    try {
        suggested = toQString(engine::Project::open(toPath(projectDir)).modelFilePath(toEngine(direction)));
    } catch (const std::exception &) {
        suggested = projectDir;
    }
    // The format follows the chosen filter (or the name's extension).
    const QStringList filters = {tr("CycleStudio model (*.csm)"), tr("PyTorch state_dict, official CycleGAN names (*.pth)"),
                                 tr("TorchScript (*.pt)"), tr("ONNX (*.onnx)")};
    const ui::ModelFormat formats[] = {ui::ModelFormat::Csm, ui::ModelFormat::Pth, ui::ModelFormat::TorchScript, ui::ModelFormat::Onnx};
    const char *extensions[] = {"csm", "pth", "pt", "onnx"};
    QString filter = filters[0];
    QString file = QFileDialog::getSaveFileName(m_window, tr("Export model"), suggested, filters.join(QStringLiteral(";;")), &filter);
    if (file.isEmpty())
        return;
    int chosen = std::max<int>(0, int(filters.indexOf(filter)));
    for (int i = 0; i < 4; ++i)
        if (QFileInfo(file).suffix().toLower() == QLatin1String(extensions[i]))
            chosen = i;
    if (QFileInfo(file).suffix().isEmpty())
        file += QLatin1Char('.') + QLatin1String(extensions[chosen]);
    const auto format = formats[chosen];
    queueOn(m_library, [=](ModelLibrary &library) { library.exportModel(projectDir, direction, format, file); });
}

} // namespace app
