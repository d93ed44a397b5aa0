// cyclestudio: the desktop application. `cyclestudio [PROJECT_FOLDER | project.json | MODEL.csm]`.

#include "app/gui/language.h"
#include "app/gui/stallmeter.h"
#include "app/gui/studio.h"
#include "ui/datasetpane.h"
#include "ui/mainwindow.h"
#include "ui/trainpanel.h"
#include "ui/translateview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QListView>
#include <QScrollBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

namespace {
QString text(const char *source) { return QCoreApplication::translate("main", source); }
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("CycleStudio"));
    QApplication::setOrganizationName(QStringLiteral("CycleStudio"));
    QApplication::setApplicationVersion(QStringLiteral(CYCLESTUDIO_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.cyclestudio.CycleStudio"));
    QIcon icon;
    for (int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/cyclestudio_%1.png").arg(size), QSize(size, size));
    QApplication::setWindowIcon(icon);
    const QString language = app::installTranslations();

    QCommandLineParser parser;
    parser.setApplicationDescription(text(QT_TRANSLATE_NOOP("main", "Train and use unpaired image-to-image translation models.")));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 text(QT_TRANSLATE_NOOP("main", "A project folder or its project.json to open, or a .csm model file to translate with.")));
    QCommandLineOption train(QStringLiteral("train"), text(QT_TRANSLATE_NOOP("main", "Start training N iterations at once.")), QStringLiteral("N"));
    QCommandLineOption quitAfter(QStringLiteral("quit-after"), text(QT_TRANSLATE_NOOP("main", "Close the window after MS milliseconds.")),
                                 QStringLiteral("MS"));
    QCommandLineOption tab(QStringLiteral("tab"), text(QT_TRANSLATE_NOOP("main", "Show the train, plots, previews or translate tab.")),
                           QStringLiteral("NAME"));
    QCommandLineOption measure(QStringLiteral("measure-ui"),
                               text(QT_TRANSLATE_NOOP("main", "Train the given project for SECONDS, then print the UI thread's event-loop stalls and quit.")),
                               QStringLiteral("SECONDS"));
    QCommandLineOption measureExport(QStringLiteral("measure-export"),
                                     text(QT_TRANSLATE_NOOP("main", "With --measure-ui: export FOLDER (into a temporary folder) instead of training.")),
                                     QStringLiteral("FOLDER"));
    QCommandLineOption measureScroll(QStringLiteral("measure-scroll"),
                                     text(QT_TRANSLATE_NOOP("main", "With --measure-ui: scroll the Domain A thumbnails a page every 50 ms instead of training.")));
    QCommandLineOption translateImage(QStringLiteral("translate-image"),
                                      text(QT_TRANSLATE_NOOP("main", "Show the Translate tab with FILE translated by the project's model.")),
                                      QStringLiteral("FILE"));
    QCommandLineOption dark(QStringLiteral("dark"), text(QT_TRANSLATE_NOOP("main", "Use the dark theme (as View → Dark Theme).")));
    for (const auto *o : {&train, &quitAfter, &tab, &measure, &measureExport, &measureScroll, &translateImage, &dark})
        parser.addOption(*o);
    parser.process(app);

    app::Studio studio;
    auto *window = studio.window();
    window->setLanguages(app::availableLanguages(), language);
    window->show();
    bool opened = false;
    if (!parser.positionalArguments().isEmpty()) {
        // A project folder, its project.json (double-clicked in a file manager), or a shared model.
        const QFileInfo arg(parser.positionalArguments().front());
        if (arg.suffix().compare(QLatin1String("csm"), Qt::CaseInsensitive) == 0) {
            window->translateView()->setModelFile(arg.absoluteFilePath());
            window->tabs()->setCurrentWidget(window->translateView());
        } else {
            opened = studio.openProject(arg.isDir() ? arg.absoluteFilePath() : arg.absolutePath());
        }
    }
    if (opened && parser.isSet(train))
        studio.startTraining(window->trainPanel()->settings(), parser.value(train).toLongLong());
    const QStringList tabs = {QStringLiteral("train"), QStringLiteral("plots"), QStringLiteral("previews"), QStringLiteral("translate")};
    if (parser.isSet(tab) && tabs.contains(parser.value(tab)))
        window->tabs()->setCurrentIndex(int(tabs.indexOf(parser.value(tab))));
    if (parser.isSet(dark))
        window->setDarkTheme(true);
    if (parser.isSet(translateImage)) {
        window->tabs()->setCurrentWidget(window->translateView());
        window->translateView()->requestTranslation(parser.value(translateImage));
    }
    if (parser.isSet(quitAfter))
        QTimer::singleShot(parser.value(quitAfter).toInt(), window, &QWidget::close);

    app::StallMeter meter;
    QTemporaryDir exportDir;
    if (parser.isSet(measure) && parser.isSet(measureExport)) {
        window->tabs()->setCurrentWidget(window->translateView());
        Q_EMIT window->translateView()->exportRequested(parser.value(measureExport), exportDir.path(), QStringLiteral("AtoB"), QString(),
                                                        QString());
    } else if (parser.isSet(measure) && parser.isSet(measureScroll)) {
        auto *view = window->domainA()->imageView();
        auto *scroller = new QTimer(&meter);
        QObject::connect(scroller, &QTimer::timeout, view, [view] {
            auto *bar = view->verticalScrollBar();
            bar->setValue(bar->value() >= bar->maximum() ? 0 : bar->value() + bar->pageStep());
        });
        scroller->start(50);
    } else if (parser.isSet(measure) && !studio.isTraining()) {
        studio.startTraining(window->trainPanel()->settings());
    }
    if (parser.isSet(measure)) {
        // Measure after the start-up (model construction, first batch or model load) has passed.
        const int delay = parser.isSet(measureExport) || parser.isSet(measureScroll) ? 1500 : 3000;
        QTimer::singleShot(delay, &meter, &app::StallMeter::start);
        QTimer::singleShot(delay + int(parser.value(measure).toDouble() * 1000), &meter, [&] {
            std::printf("ui max_stall_ms=%.1f p99_stall_ms=%.1f samples=%d\n", meter.maxStallMs(), meter.percentileStallMs(99),
                        meter.samples());
            std::fflush(stdout);
            window->close();
        });
    }
    return QApplication::exec();
}
