// cyclestudio: the desktop application. `cyclestudio [PROJECT_FOLDER | project.json | MODEL.csm]`.

#include "app/gui/language.h"
#include "app/gui/options.h"
#include "app/gui/stallmeter.h"
#include "app/gui/studio.h"
#include "app/gui/studiohost.h"
#include "app/stopsignals.h"
#include "ui/datasetpane.h"
#include "ui/mainwindow.h"
#include "ui/trainpanel.h"
#include "ui/translateview.h"
#include "ui/welcomeview.h"

#include <QApplication>
#include <QFileInfo>
#include <QIcon>
#include <QListView>
#include <QScrollBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <atomic>
#include <cstdio>
#include <cstdlib>

#ifdef Q_OS_UNIX
#include <QSocketNotifier>

#include <fcntl.h>
#include <unistd.h>
#endif

namespace {

#ifdef Q_OS_UNIX
// A stop signal (SIGINT, SIGTERM, SIGHUP) closes the window as its close button does, minus the question about
// unsaved changes: training stops with a checkpoint first (Studio::closeWithoutQuestions). The signals' thread
// cannot call Qt, so it writes a byte into a pipe whose reading end the event loop watches. A second signal
// quits at once.
int g_stopPipe[2] = {-1, -1};
std::atomic<int> g_stopSignals{0};

void onStopSignal(int)
{
    if (g_stopSignals.fetch_add(1) > 0)
        std::_Exit(130);
    const char byte = 1;
    if (::write(g_stopPipe[1], &byte, 1) != 1)
        std::_Exit(130); // no way to tell the window: quit as the signal's default would, at once
}

void takeStopSignals()
{
    if (::pipe(g_stopPipe) != 0)
        return; // the signals keep their default action
    for (int fd : g_stopPipe)
        ::fcntl(fd, F_SETFD, FD_CLOEXEC); // not into the training processes the window starts
    app::takeStopSignalsOnTheirOwnThread(onStopSignal);
}

// Watches the pipe from the event loop; each StudioHost's current Studio is the one told.
void closeOnStopSignal(app::StudioHost &host)
{
    if (g_stopPipe[0] < 0)
        return;
    auto *notifier = new QSocketNotifier(g_stopPipe[0], QSocketNotifier::Read, &host);
    QObject::connect(notifier, &QSocketNotifier::activated, &host, [notifier, &host] {
        char byte = 0;
        if (::read(g_stopPipe[0], &byte, 1) != 1)
            return;
        notifier->setEnabled(false);
        host.studio()->closeWithoutQuestions();
    });
}
#endif

void setUpApplication()
{
    QApplication::setApplicationName(QStringLiteral("CycleStudio"));
    QApplication::setOrganizationName(QStringLiteral("CycleStudio"));
    QApplication::setApplicationVersion(QStringLiteral(CYCLESTUDIO_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.cyclestudio.CycleStudio"));
    QIcon icon;
    for (int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/cyclestudio_%1.png").arg(size), QSize(size, size));
    QApplication::setWindowIcon(icon);
}

// A project folder, its project.json (double-clicked in a file manager), or a shared model.
bool openArgument(app::Studio &studio, const QString &file)
{
    if (file.isEmpty())
        return false;
    auto *window = studio.window();
    const QFileInfo arg(file);
    if (arg.suffix().compare(QLatin1String("csm"), Qt::CaseInsensitive) == 0) {
        window->translateView()->setModelFile(arg.absoluteFilePath());
        window->showTranslateTab();
        return false;
    }
    return studio.openProject(arg.isDir() ? arg.absoluteFilePath() : arg.absolutePath());
}

void applyViewOptions(app::Studio &studio, const app::LaunchOptions &o)
{
    auto *window = studio.window();
    const QStringList tabs = {QStringLiteral("train"), QStringLiteral("plots"), QStringLiteral("previews"), QStringLiteral("translate")};
    if (tabs.contains(o.tab))
        window->tabs()->setCurrentIndex(int(tabs.indexOf(o.tab)));
    if (o.dark)
        window->setDarkTheme(true);
    if (!o.translateImage.isEmpty()) {
        window->showTranslateTab();
        window->translateView()->requestTranslation(o.translateImage);
    }
    if (o.quitAfterMs >= 0)
        QTimer::singleShot(o.quitAfterMs, window, &QWidget::close);
}

// --measure-ui: the event loop's stalls while training, exporting or scrolling thumbnails.
void startMeasurement(app::Studio &studio, const app::LaunchOptions &o, app::StallMeter &meter, const QTemporaryDir &exportDir)
{
    auto *window = studio.window();
    if (!o.measureExport.isEmpty()) {
        window->showTranslateTab();
        ui::ExportRequest request;
        request.translation = window->translateView()->request();
        request.inputDir = o.measureExport;
        request.outputDir = exportDir.path();
        Q_EMIT window->translateView()->exportRequested(request);
    } else if (o.measureScroll) {
        auto *view = window->domainA()->imageView();
        auto *scroller = new QTimer(&meter);
        QObject::connect(scroller, &QTimer::timeout, view, [view] {
            auto *bar = view->verticalScrollBar();
            bar->setValue(bar->value() >= bar->maximum() ? 0 : bar->value() + bar->pageStep());
        });
        scroller->start(50);
    } else if (!studio.isTraining()) {
        studio.startTraining(window->trainPanel()->settings());
    }
    // Measure after the start-up (model construction, first batch or model load) has passed.
    const int delay = !o.measureExport.isEmpty() || o.measureScroll ? 1500 : 3000;
    QTimer::singleShot(delay, &meter, &app::StallMeter::start);
    QTimer::singleShot(delay + int(o.measureSeconds * 1000), &meter, [&meter, window] {
        std::printf("ui max_stall_ms=%.1f p99_stall_ms=%.1f samples=%d\n", meter.maxStallMs(), meter.percentileStallMs(99), meter.samples());
        std::fflush(stdout);
        window->close();
    });
}

} // namespace

int main(int argc, char **argv)
{
#ifdef Q_OS_UNIX
    takeStopSignals(); // before any thread starts, so that every one of them inherits the mask
#endif
    QApplication application(argc, argv);
    setUpApplication();
    // The window is built in the saved language (or the system's); View → Language builds it again.
    app::StudioHost host;
    host.start();
    const auto options = app::parseLaunchOptions(application);

#ifdef Q_OS_UNIX
    closeOnStopSignal(host);
#endif
    app::Studio &studio = *host.studio();
    auto *window = studio.window();
    window->setUnattended(options.quitAfterMs >= 0 || options.measureSeconds >= 0);
    window->show();
    const bool opened = openArgument(studio, options.file);
    // Without an argument the last project reopens, unless the user turned that off on the welcome screen.
    if (options.file.isEmpty() && !window->isUnattended() && ui::WelcomeView::reopensLastProject()) {
        const QStringList recent = window->recentProjects();
        if (!recent.isEmpty() && QFileInfo(recent.first()).isDir())
            studio.openProject(recent.first());
    }
    if (opened && options.trainIterations >= 0)
        studio.startTraining(window->trainPanel()->settings(), options.trainIterations);
    applyViewOptions(studio, options);

    app::StallMeter meter;
    QTemporaryDir exportDir;
    if (options.measureSeconds >= 0)
        startMeasurement(studio, options, meter, exportDir);
    return QApplication::exec();
}
