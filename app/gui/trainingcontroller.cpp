#include "app/gui/trainingcontroller.h"

#include "app/gui/queue.h"
#include "app/gui/trainingworker.h"
#include "ui/datasetpane.h"
#include "ui/lossplot.h"
#include "ui/mainwindow.h"
#include "ui/previewview.h"
#include "ui/trainpanel.h"

namespace app {

namespace {
constexpr qint64 kNotifyAfterMs = 5 * 60 * 1000; // runs shorter than this end under the user's eyes
}

TrainingController::TrainingController(ui::MainWindow *window, QObject *parent) : QObject(parent), m_window(window)
{
    m_thread.setObjectName(QStringLiteral("engine worker"));
    m_worker = new TrainingWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();

    auto *w = m_window;
    connect(m_worker, &TrainingWorker::lossPoints, w->lossPlot(), &ui::LossPlot::addPoints);
    connect(m_worker, &TrainingWorker::previewReady, w->previewView(), &ui::PreviewView::addPreview);
    connect(m_worker, &TrainingWorker::statusChanged, w, &ui::MainWindow::showStatus);
    connect(m_worker, &TrainingWorker::message, w, &ui::MainWindow::showMessage);
    connect(m_worker, &TrainingWorker::paused, w->trainPanel(), &ui::TrainPanel::setPaused);
    connect(m_worker, &TrainingWorker::paused, w, &ui::MainWindow::setPaused);
    m_stopAfter.setSingleShot(true);
    connect(&m_stopAfter, &QTimer::timeout, this, [this] {
        m_stoppedByTime = true;
        stop();
    });
    connect(m_worker, &TrainingWorker::paused, this, [this](bool paused) {
        if (paused && m_stopAfter.isActive()) {
            m_stopAfterLeftMs = m_stopAfter.remainingTime();
            m_stopAfter.stop();
        } else if (!paused && m_stopAfterLeftMs > 0) {
            m_stopAfter.start(m_stopAfterLeftMs);
            m_stopAfterLeftMs = 0;
        }
    });
    connect(m_worker, &TrainingWorker::failed, w, &ui::MainWindow::showError);
    connect(m_worker, &TrainingWorker::estimated, w->trainPanel(), &ui::TrainPanel::showEstimate);
    connect(m_worker, &TrainingWorker::restartNeeded, this, [this](const QString &reason) {
        m_restartAsked = true;
        m_restartReason = reason;
    });
    connect(m_worker, &TrainingWorker::finished, this, [this](qint64 iteration) {
        m_training = false;
        m_stopAfter.stop();
        m_stopAfterLeftMs = 0;
        m_window->setTraining(false);
        if (m_restartAsked) {
            m_restartAsked = false;
            askRestart(m_restartReason);
            return;
        }
        const QString text = m_stoppedByTime
                                 ? tr("Training stopped after %n minute(s), as asked, at iteration %1; press Start to continue.", nullptr,
                                      m_settings.stopAfterMinutes)
                                       .arg(iteration)
                                 : tr("Training stopped at iteration %1; the checkpoint is saved.").arg(iteration);
        m_stoppedByTime = false;
        m_window->showMessage(text);
        if (m_runTime.isValid() && m_runTime.elapsed() >= kNotifyAfterMs)
            m_window->notify(tr("Training has ended"), text);
        Q_EMIT finished(iteration);
    });
}

TrainingController::~TrainingController()
{
    m_worker->requestStop();
    m_thread.quit();
    m_thread.wait();
}

void TrainingController::start(const QString &projectDir, const ui::TrainSettings &settings, qint64 iterations, bool restart)
{
    if (m_training)
        return;
    m_training = true;
    m_projectDir = projectDir;
    m_settings = settings;
    m_iterations = iterations;
    m_window->setTraining(true);
    m_stoppedByTime = false;
    m_stopAfterLeftMs = 0;
    if (settings.stopAfterMinutes > 0)
        m_stopAfter.start(settings.stopAfterMinutes * 60 * 1000);
    m_runTime.start();
    const auto device = settings.device;
    const int threads = settings.threads;
    queueOn(m_worker, [=](TrainingWorker &worker) { worker.train(projectDir, iterations, device, threads, restart); });
    Q_EMIT started();
}

void TrainingController::askRestart(const QString &reason)
{
    const auto answer = m_window->ask(tr("Start again from scratch?"),
                                      tr("%1\n\nStart training again from scratch? The old loss curves are kept in the project's logs folder.")
                                          .arg(reason));
    if (answer)
        start(m_projectDir, m_settings, m_iterations, true);
    else
        Q_EMIT finished(0);
}

void TrainingController::pause(bool pause) { m_worker->requestPause(pause); }

void TrainingController::stop() { m_worker->requestStop(); }

void TrainingController::requestEstimate(const ui::TrainSettings &settings)
{
    if (m_training)
        return;
    const int a = m_window->domainA()->imageCount(), b = m_window->domainB()->imageCount();
    queueOn(m_worker, [=](TrainingWorker &worker) { worker.estimate(settings, a, b); });
}

void TrainingController::requestPlanEstimates(const QVector<ui::TrainSettings> &settings, int imagesA, int imagesB) const
{
    queueOn(m_worker, [=](TrainingWorker &worker) { worker.estimatePlans(settings, imagesA, imagesB); });
}

} // namespace app
