#pragma once
// The desktop application's command line: `cyclestudio [PROJECT_FOLDER | project.json | MODEL.csm]`
// and the options for demos, screenshots and the responsiveness benchmark.

#include <QString>

class QApplication;

namespace app {

struct LaunchOptions
{
    QString file;            // a project folder, its project.json, or a .csm model file
    qint64 trainIterations = -1; // --train N: start training at once (-1: not asked)
    int quitAfterMs = -1;
    QString tab;             // train, plots, previews or translate
    double measureSeconds = -1; // --measure-ui
    QString measureExport;   // with --measure-ui: export this folder instead of training
    bool measureScroll = false;
    QString translateImage;
    bool dark = false;
};

// Parses the command line (--help and --version print and exit).
LaunchOptions parseLaunchOptions(const QApplication &app);

} // namespace app
