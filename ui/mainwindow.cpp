#include "ui/mainwindow.h"

#include "ui/datasetpane.h"
#include "ui/lossplot.h"
#include "ui/previewview.h"
#include "ui/trainpanel.h"
#include "ui/translateview.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ui {

namespace {
QString duration(double seconds)
{
    if (seconds < 0 || !std::isfinite(seconds))
        return QStringLiteral("–");
    const qint64 s = qRound64(seconds);
    if (s >= 3600)
        return QObject::tr("%1 h %2 min").arg(s / 3600).arg((s / 60) % 60);
    if (s >= 60)
        return QObject::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QObject::tr("%1 s").arg(s);
}
} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("CycleStudio"));
    resize(1200, 780);

    auto *datasets = new QWidget(this);
    auto *datasetLayout = new QVBoxLayout(datasets);
    m_domainA = new DatasetPane(tr("Domain A"), datasets);
    m_domainB = new DatasetPane(tr("Domain B"), datasets);
    datasetLayout->addWidget(m_domainA);
    datasetLayout->addWidget(m_domainB);
    auto *dock = new QDockWidget(tr("Dataset"), this);
    dock->setObjectName(QStringLiteral("datasetDock"));
    dock->setWidget(datasets);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    m_tabs = new QTabWidget(this);
    m_train = new TrainPanel(m_tabs);
    m_plot = new LossPlot(m_tabs);
    m_previews = new PreviewView(m_tabs);
    m_translate = new TranslateView(m_tabs);
    m_tabs->addTab(m_train, tr("&Train"));
    m_tabs->addTab(m_plot, tr("P&lots"));
    m_tabs->addTab(m_previews, tr("Pre&views"));
    m_tabs->addTab(m_translate, tr("Tr&anslate"));
    setCentralWidget(m_tabs);

    auto *file = menuBar()->addMenu(tr("&File"));
    auto *open = file->addAction(tr("&Open Project…"), this, &MainWindow::openProjectRequested);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Open a CycleStudio project folder"));
    file->addSeparator();
    auto *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    auto *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *a = view->addAction(m_tabs->tabText(i).remove(QLatin1Char('&')), this, [this, i] { m_tabs->setCurrentIndex(i); });
        a->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
    }

    m_statusLabel = new QLabel(tr("Ready"), this);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(240);
    m_progress->setTextVisible(true);
    statusBar()->addWidget(m_statusLabel, 1);
    statusBar()->addPermanentWidget(m_progress);
}

void MainWindow::setProjectName(const QString &name) { setWindowTitle(tr("%1 — CycleStudio").arg(name)); }

void MainWindow::showStatus(const TrainStatus &s)
{
    const double rate = s.secondsPerIteration > 0 ? 1.0 / s.secondsPerIteration : 0;
    const double eta = s.secondsPerIteration * double(s.totalIterations - s.iteration);
    m_statusLabel->setText(tr("Iteration %1 of %2 · epoch %3 of %4 · %5 it/s · ETA %6 · %7")
                               .arg(s.iteration)
                               .arg(s.totalIterations)
                               .arg(s.epoch)
                               .arg(s.totalEpochs)
                               .arg(rate, 0, 'f', 2)
                               .arg(duration(eta))
                               .arg(s.device));
    m_progress->setRange(0, 1000);
    m_progress->setValue(s.totalIterations > 0 ? int(1000 * s.iteration / s.totalIterations) : 0);
}

void MainWindow::showMessage(const QString &message) { statusBar()->showMessage(message, 5000); }

void MainWindow::showError(const QString &message)
{
    m_statusLabel->setText(message);
    QMessageBox::warning(this, tr("CycleStudio"), message);
}

void MainWindow::setTraining(bool training)
{
    m_train->setRunning(training);
    m_domainA->setLocked(training);
    m_domainB->setLocked(training);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_allowClose) {
        event->accept();
        return;
    }
    event->ignore();
    Q_EMIT closeRequested();
}

} // namespace ui
