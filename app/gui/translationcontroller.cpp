#include "app/gui/translationcontroller.h"

#include "app/gui/conversions.h"
#include "app/gui/queue.h"
#include "app/gui/translateworker.h"
#include "engine/project/project.h"
#include "ui/mainwindow.h"
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
    m_thread.setObjectName(QStringLiteral("translate worker"));
    m_worker = new TranslateWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();

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
    connect(m_worker, &TranslateWorker::modelExported, this, [this](const QString &file, const QString &what) {
        m_window->showMessage(tr("Exported the model (%1) to %2.").arg(what, QDir::toNativeSeparators(file)));
    });
    connect(m_worker, &TranslateWorker::modelExportFailed, m_window, &ui::MainWindow::showError);
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
        m_window->showError(tr("Model files (.csm) hold two-domain generators; share a multi-domain project's folder instead."));
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
    const QString file = QFileDialog::getSaveFileName(m_window, tr("Export model"), suggested, tr("CycleStudio model (*.csm)"));
    if (file.isEmpty())
        return;
    queueOn(m_worker, [=](TranslateWorker &worker) { worker.exportModel(projectDir, direction, file); });
}

} // namespace app
