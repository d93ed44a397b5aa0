// cyclestudio: the desktop application. `cyclestudio [PROJECT_DIR]`.

#include "app/gui/stallmeter.h"
#include "app/gui/studio.h"
#include "ui/datasetpane.h"
#include "ui/mainwindow.h"
#include "ui/trainpanel.h"
#include "ui/translateview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QStyleFactory>
#include <QListView>
#include <QScrollBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("CycleStudio"));
    QApplication::setOrganizationName(QStringLiteral("CycleStudio"));
    QApplication::setApplicationVersion(QStringLiteral(CYCLESTUDIO_VERSION));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Train and use unpaired image-to-image translation models."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("A project folder to open."));
    QCommandLineOption train(QStringLiteral("train"), QStringLiteral("Start training N iterations at once."), QStringLiteral("N"));
    QCommandLineOption quitAfter(QStringLiteral("quit-after"), QStringLiteral("Close the window after MS milliseconds."), QStringLiteral("MS"));
    QCommandLineOption tab(QStringLiteral("tab"), QStringLiteral("Show the train, plots, previews or translate tab."), QStringLiteral("NAME"));
    parser.addOption(tab);
    QCommandLineOption measure(QStringLiteral("measure-ui"),
                               QStringLiteral("Train the given project for SECONDS, then print the UI thread's event-loop stalls and quit."),
                               QStringLiteral("SECONDS"));
    parser.addOption(measure);
    QCommandLineOption measureExport(QStringLiteral("measure-export"),
                                     QStringLiteral("With --measure-ui: export FOLDER (translated into a temporary folder) instead of training."),
                                     QStringLiteral("FOLDER"));
    parser.addOption(measureExport);
    QCommandLineOption measureScroll(QStringLiteral("measure-scroll"),
                                     QStringLiteral("With --measure-ui: scroll the Domain A thumbnails a page every 50 ms instead of training."));
    parser.addOption(measureScroll);
    QCommandLineOption translateImage(QStringLiteral("translate-image"),
                                      QStringLiteral("Show the Translate tab with FILE translated by the project's model."), QStringLiteral("FILE"));
    parser.addOption(translateImage);
    QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Use the dark theme (as View → Dark Theme)."));
    parser.addOption(dark);
    parser.addOption(train);
    parser.addOption(quitAfter);
    parser.process(app);

    app::Studio studio;
    studio.window()->show();
    if (!parser.positionalArguments().isEmpty() && studio.openProject(parser.positionalArguments().front()) && parser.isSet(train))
        studio.startTraining(studio.window()->trainPanel()->settings(), parser.value(train).toLongLong());
    const QStringList tabs = {QStringLiteral("train"), QStringLiteral("plots"), QStringLiteral("previews"), QStringLiteral("translate")};
    if (parser.isSet(tab) && tabs.contains(parser.value(tab)))
        studio.window()->tabs()->setCurrentIndex(int(tabs.indexOf(parser.value(tab))));
    if (parser.isSet(dark))
        studio.window()->setDarkTheme(true);
    if (parser.isSet(translateImage)) {
        studio.window()->tabs()->setCurrentWidget(studio.window()->translateView());
        studio.window()->translateView()->requestTranslation(parser.value(translateImage));
    }
    if (parser.isSet(quitAfter))
        QTimer::singleShot(parser.value(quitAfter).toInt(), studio.window(), &QWidget::close);
    app::StallMeter meter;
    QTemporaryDir exportDir;
    if (parser.isSet(measure) && parser.isSet(measureExport)) {
        studio.window()->tabs()->setCurrentWidget(studio.window()->translateView());
        Q_EMIT studio.window()->translateView()->exportRequested(parser.value(measureExport), exportDir.path(), QStringLiteral("AtoB"),
                                                                 QString(), QString());
    } else if (parser.isSet(measure) && parser.isSet(measureScroll)) {
        auto *view = studio.window()->domainA()->imageView();
        auto *scroller = new QTimer(&meter);
        QObject::connect(scroller, &QTimer::timeout, view, [view] {
            auto *bar = view->verticalScrollBar();
            bar->setValue(bar->value() >= bar->maximum() ? 0 : bar->value() + bar->pageStep());
        });
        scroller->start(50);
    } else if (parser.isSet(measure)) {
        if (!studio.isTraining())
            studio.startTraining(studio.window()->trainPanel()->settings());
    }
    if (parser.isSet(measure)) {
        // Measure after the start-up (model construction, first batch or model load) has passed.
        const int delay = parser.isSet(measureExport) || parser.isSet(measureScroll) ? 1500 : 3000;
        QTimer::singleShot(delay, &meter, &app::StallMeter::start);
        QTimer::singleShot(delay + int(parser.value(measure).toDouble() * 1000), &meter, [&] {
            std::printf("ui max_stall_ms=%.1f p99_stall_ms=%.1f samples=%d\n", meter.maxStallMs(), meter.percentileStallMs(99),
                        meter.samples());
            std::fflush(stdout);
            studio.window()->close();
        });
    }
    return QApplication::exec();
}
