// cyclestudio: the desktop application. `cyclestudio [PROJECT_DIR]`.

#include "app/gui/studio.h"
#include "ui/mainwindow.h"
#include "ui/trainpanel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTimer>

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
    return QApplication::exec();
}
