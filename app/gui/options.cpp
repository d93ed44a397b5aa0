#include "app/gui/options.h"

#include <QApplication>
#include <QCommandLineParser>

namespace app {

namespace {
QString text(const char *source) { return QCoreApplication::translate("main", source); }
} // namespace

LaunchOptions parseLaunchOptions(const QApplication &app)
{
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

    LaunchOptions o;
    if (!parser.positionalArguments().isEmpty())
        o.file = parser.positionalArguments().front();
    if (parser.isSet(train))
        o.trainIterations = parser.value(train).toLongLong();
    if (parser.isSet(quitAfter))
        o.quitAfterMs = parser.value(quitAfter).toInt();
    o.tab = parser.value(tab);
    if (parser.isSet(measure))
        o.measureSeconds = parser.value(measure).toDouble();
    o.measureExport = parser.value(measureExport);
    o.measureScroll = parser.isSet(measureScroll);
    o.translateImage = parser.value(translateImage);
    o.dark = parser.isSet(dark);
    return o;
}

} // namespace app
