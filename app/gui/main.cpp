// cyclestudio: the desktop application. `cyclestudio [PROJECT_DIR]`.

#include "app/gui/stallmeter.h"
#include "app/gui/studio.h"
#include "ui/mainwindow.h"
#include "ui/trainpanel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QStyleFactory>
#include <QTabWidget>
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
    QCommandLineOption tab(QStringLiteral("tab"), QStringLiteral("Show the train, plots or previews tab."), QStringLiteral("NAME"));
    parser.addOption(tab);
    QCommandLineOption measure(QStringLiteral("measure-ui"),
                               QStringLiteral("Train the given project for SECONDS, then print the UI thread's event-loop stalls and quit."),
                               QStringLiteral("SECONDS"));
    parser.addOption(measure);
    parser.addOption(train);
    parser.addOption(quitAfter);
    parser.process(app);

    app::Studio studio;
    studio.window()->show();
    if (!parser.positionalArguments().isEmpty() && studio.openProject(parser.positionalArguments().front()) && parser.isSet(train))
        studio.startTraining(studio.window()->trainPanel()->settings(), parser.value(train).toLongLong());
    const QStringList tabs = {QStringLiteral("train"), QStringLiteral("plots"), QStringLiteral("previews")};
    if (parser.isSet(tab) && tabs.contains(parser.value(tab)))
        studio.window()->tabs()->setCurrentIndex(int(tabs.indexOf(parser.value(tab))));
    if (parser.isSet(quitAfter))
        QTimer::singleShot(parser.value(quitAfter).toInt(), studio.window(), &QWidget::close);
    app::StallMeter meter;
    if (parser.isSet(measure)) {
        if (!studio.isTraining())
            studio.startTraining(studio.window()->trainPanel()->settings());
        // Measure after the first seconds (model construction, first batch) have passed.
        QTimer::singleShot(3000, &meter, &app::StallMeter::start);
        QTimer::singleShot(3000 + int(parser.value(measure).toDouble() * 1000), &meter, [&] {
            std::printf("ui max_stall_ms=%.1f p99_stall_ms=%.1f samples=%d\n", meter.maxStallMs(), meter.percentileStallMs(99),
                        meter.samples());
            std::fflush(stdout);
            studio.window()->close();
        });
    }
    return QApplication::exec();
}
