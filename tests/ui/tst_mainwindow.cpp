// MainWindow on its own (linked without torch): every action has a shortcut and a tooltip, the theme, the
// title; nothing of one project stays on show in another; the paused state.

#include "ui/lossplot.h"
#include "ui/mainwindow.h"
#include "ui/translateview.h"

#include <QAction>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest/QtTest>
#include "ui/customplot.h"

class TestMainWindow : public QObject
{
    Q_OBJECT
    QTemporaryDir m_settings;

private Q_SLOTS:
    void initTestCase();
    void everyActionHasAShortcutAndATooltip();
    void noStaleStateAcrossProjects();
    void pausedIsShown();
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_settings.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
}

void TestMainWindow::everyActionHasAShortcutAndATooltip()
{
    ui::MainWindow window;
    const auto actions = window.menuActions();
    QVERIFY(actions.size() >= 16);
    QSet<QKeySequence> seen;
    for (auto *a : actions) {
        QVERIFY2(!a->shortcut().isEmpty(), qPrintable(a->objectName()));
        QVERIFY2(!a->toolTip().isEmpty() && a->toolTip() != a->text().remove(QLatin1Char('&')), qPrintable(a->objectName()));
        QVERIFY2(!seen.contains(a->shortcut()), qPrintable(a->objectName() + QStringLiteral(" repeats a shortcut")));
        seen.insert(a->shortcut());
    }

    // The dark theme changes the application's palette and is remembered.
    const QColor light = QApplication::palette().color(QPalette::Window);
    window.setDarkTheme(true);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < light.lightness());
    QVERIFY(QSettings().value(QStringLiteral("view/dark")).toBool());
    window.setDarkTheme(false);
    QCOMPARE(QApplication::palette().color(QPalette::Window), light);

    // The title carries the project's name and the unsaved-changes mark.
    window.setProject(QStringLiteral("/tmp/My project"));
    QCOMPARE(window.windowTitle(), QStringLiteral("My project[*] — CycleStudio"));
    QCOMPARE(window.recentProjects().value(0), QStringLiteral("/tmp/My project"));
}

void TestMainWindow::noStaleStateAcrossProjects()
{
    ui::MainWindow window;
    window.setUnattended(true);
    // An error stays in the status bar until it no longer holds: a later confirmation clears it.
    window.showError(QStringLiteral("Both domains need images."));
    QCOMPARE(window.statusText(), QStringLiteral("Both domains need images."));
    window.showMessage(QStringLiteral("Saved."));
    QCOMPARE(window.statusText(), QStringLiteral("Ready"));
    window.showError(QStringLiteral("Both domains need images."));
    window.clearError();
    QCOMPARE(window.statusText(), QStringLiteral("Ready"));

    // A translation shown for one project is gone when another opens; Save goes with it.
    auto *translate = window.translateView();
    translate->setProjectDir(QStringLiteral("/tmp/first"));
    QImage image(8, 8, QImage::Format_RGB888);
    image.fill(Qt::red);
    translate->showResult(QStringLiteral("/tmp/a.png"), image, image);
    QVERIFY(translate->hasResult());
    auto *save = translate->findChild<QPushButton *>(QStringLiteral("saveTranslation"));
    QVERIFY(save && save->isEnabled());
    translate->setProjectDir(QStringLiteral("/tmp/first")); // the same project keeps it
    QVERIFY(translate->hasResult());
    translate->setProjectDir(QStringLiteral("/tmp/second"));
    QVERIFY(!translate->hasResult());
    QVERIFY(!save->isEnabled());

    // An export's first image gives no rate yet: no "0 s left" while it is being translated.
    auto *status = translate->findChild<QLabel *>(QStringLiteral("translateStatus"));
    QVERIFY(status);
    translate->showExportProgress(0, 5, 0);
    QVERIFY2(status->text().contains(QStringLiteral("estimating")), qPrintable(status->text()));
    translate->showExportProgress(2, 5, 30);
    QVERIFY2(status->text().endsWith(QStringLiteral("left")) && !status->text().contains(QStringLiteral(" 0 s")), qPrintable(status->text()));
    ui::ExportRequest exportRequest;
    exportRequest.outputDir = QStringLiteral("/tmp/exported");
    Q_EMIT translate->exportRequested(exportRequest);
    auto *openOutput = translate->findChild<QPushButton *>(QStringLiteral("openOutputFolder"));
    QVERIFY(openOutput && openOutput->isHidden());
    translate->showExportFinished(5, {}, false);
    QVERIFY(!openOutput->isHidden()); // the folder it wrote, one click away
    QVERIFY(openOutput->toolTip().contains(QStringLiteral("/tmp/exported")));
    translate->setProjectDir(QStringLiteral("/tmp/third"));
    QVERIFY(openOutput->isHidden());

    // The plot of the previous project leaves no legend box behind.
    auto *plot = window.lossPlot();
    plot->addPoints({{5, {QStringLiteral("G_A")}, {1.0}}});
    auto *custom = plot->findChild<QCustomPlot *>();
    QVERIFY(custom && custom->legend->visible());
    plot->clear();
    QVERIFY(!custom->legend->visible());
    QCOMPARE(custom->xAxis->range().upper, 1.0);

    // Opening another project starts from an empty status bar and progress bar.
    window.showStatus({40, 100, 1, 2, 0.5, QStringLiteral("CPU")});
    window.setProject(QStringLiteral("/tmp/second"));
    QCOMPARE(window.statusText(), QStringLiteral("Ready"));
    auto *progress = window.findChild<QProgressBar *>(QStringLiteral("trainingProgress"));
    QVERIFY(progress && progress->value() <= progress->minimum());
}

void TestMainWindow::pausedIsShown()
{
    ui::MainWindow window;
    window.showStatus({40, 100, 1, 2, 0.5, QStringLiteral("CPU")});
    window.setPaused(true);
    QVERIFY2(window.statusText().startsWith(QStringLiteral("Paused at iteration 40 of 100")), qPrintable(window.statusText()));
    QVERIFY(!window.statusText().contains(QStringLiteral("it/s")));
    window.setPaused(false);
    QVERIFY(!window.statusText().startsWith(QStringLiteral("Paused")));
    window.showStatus({41, 100, 1, 2, 0.5, QStringLiteral("CPU")});
    QVERIFY(window.statusText().startsWith(QStringLiteral("Iteration 41 of 100")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
