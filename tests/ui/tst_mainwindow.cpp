// MainWindow on its own (linked without torch): every action has a shortcut and a tooltip, the theme, the
// title; nothing of one project stays on show in another; the paused state.

#include "ui/lossplot.h"
#include "ui/mainwindow.h"
#include "ui/translateview.h"
#include "ui/datasetpane.h"
#include "ui/previewview.h"
#include "ui/trainpanel.h"
#include "ui/userguide.h"
#include "ui/welcomeview.h"
#include "ui/compareview.h"

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QListWidget>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTextBrowser>
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
    void welcomeScreenWithoutAProject();
    void styleNamesFlowEverywhere();
    void userGuideOpensAtTheCurrentTab();
    void etaIsARangeUntilTheRateSettles();
    void compareAndTranslateFromAThumbnail();
    void fitsA1024By700Screen();
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
    // Saving for print asks the worker for the picture again at 16 bits per channel; only PNG or TIFF.
    QSignalSpy deepSave(translate, &ui::TranslateView::deepSaveRequested);
    translate->saveResultTo(QStringLiteral("/tmp/a_print.tif"), true);
    QCOMPARE(deepSave.size(), 1);
    QCOMPARE(deepSave.first().at(0).toString(), QStringLiteral("/tmp/a.png"));
    QCOMPARE(deepSave.first().at(1).toString(), QStringLiteral("/tmp/a_print.tif"));
    translate->saveResultTo(QStringLiteral("/tmp/a_print.jpg"), true);
    QCOMPARE(deepSave.size(), 1);
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

// Without a project the window welcomes: what CycleStudio does, the four ways in, the recent projects
// (with their newest preview), and no dataset panel; a project brings back the tabs and the panel.
void TestMainWindow::welcomeScreenWithoutAProject()
{
    QSettings().remove(QStringLiteral("recentProjects"));
    ui::MainWindow window;
    window.show();
    QVERIFY(window.isWelcomeShown());
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("datasetDock"));
    QVERIFY(!dock->isVisible());
    auto *welcome = window.welcomeView();
    QCOMPARE(welcome->recentCount(), 0);
    QSignalSpy demo(&window, &ui::MainWindow::demoTrainingRequested);
    QSignalSpy create(&window, &ui::MainWindow::newProjectRequested);
    welcome->findChild<QPushButton *>(QStringLiteral("welcomeDemo"))->click();
    welcome->findChild<QPushButton *>(QStringLiteral("welcomeNew"))->click();
    QCOMPARE(demo.count(), 1);
    QCOMPARE(create.count(), 1);

    QTemporaryDir project;
    QVERIFY(QDir(project.path()).mkpath(QStringLiteral("previews")));
    QImage grid(60, 10, QImage::Format_RGB32);
    grid.fill(Qt::red);
    QVERIFY(grid.save(project.filePath(QStringLiteral("previews/preview_5.png"))));
    QVERIFY(grid.save(project.filePath(QStringLiteral("previews/preview_40.png"))));
    QCOMPARE(ui::newestPreview(project.path()), project.filePath(QStringLiteral("previews/preview_40.png")));
    window.setProject(project.path());
    QVERIFY(!window.isWelcomeShown());
    QVERIFY(dock->isVisible());
    window.setProject(QString());
    QVERIFY(window.isWelcomeShown());
    QCOMPARE(welcome->recentCount(), 1);
    QSignalSpy open(&window, &ui::MainWindow::openProjectRequested);
    Q_EMIT welcome->recentList()->itemActivated(welcome->recentList()->item(0));
    QCOMPARE(open.value(0).value(0).toString(), project.path());
    // Reopening the last project on start is a setting the welcome screen keeps.
    QVERIFY(ui::WelcomeView::reopensLastProject());
    welcome->findChild<QCheckBox *>(QStringLiteral("reopenLastProject"))->click();
    QVERIFY(!ui::WelcomeView::reopensLastProject());
    ui::WelcomeView::setReopensLastProject(true);
}

// The two styles' names replace A and B on the panes, the direction switch, the curves and the previews.
void TestMainWindow::styleNamesFlowEverywhere()
{
    ui::MainWindow window;
    window.setProject(QStringLiteral("/tmp/Named"));
    window.setStyleNames({QStringLiteral("Photos"), QStringLiteral("Watercolours")});
    QCOMPARE(window.domainA()->title(), QStringLiteral("Photos"));
    QCOMPARE(window.domainB()->title(), QStringLiteral("Watercolours"));
    auto *direction = window.translateView()->findChild<QComboBox *>();
    QVERIFY(direction);
    QCOMPARE(direction->itemText(0), QStringLiteral("Photos → Watercolours"));
    QCOMPARE(direction->itemText(1), QStringLiteral("Watercolours → Photos"));
    QCOMPARE(window.translateView()->targetFileTag(), QStringLiteral("Watercolours")); // cat_Watercolours.png
    window.translateView()->setTargetIndex(1);
    QCOMPARE(window.translateView()->targetFileTag(), QStringLiteral("Photos"));
    window.translateView()->setTargetIndex(0);
    QCOMPARE(window.previewView()->columnHeaders().value(1), QStringLiteral("→ Watercolours"));
    QCOMPARE(window.lossPlot()->curveLabel(QStringLiteral("cycle_A")), QStringLiteral("Photos round trip (cycle_A)"));
    // Unnamed again: A and B.
    window.setStyleNames({});
    QCOMPARE(window.domainA()->title(), QStringLiteral("Domain A"));
    QCOMPARE(direction->itemText(0), QStringLiteral("A → B"));
    QCOMPARE(window.translateView()->targetFileTag(), QStringLiteral("translated"));
    // The names are checked as the engine checks them.
    QVERIFY(ui::styleNamesProblem(QStringLiteral("Photos"), QString()).contains(QStringLiteral("both")));
    QVERIFY(!ui::styleNamesProblem(QStringLiteral("Photos"), QStringLiteral("photos")).isEmpty());
    QVERIFY(!ui::styleNamesProblem(QStringLiteral("a,b"), QStringLiteral("c")).isEmpty());
    QVERIFY(ui::styleNamesProblem(QStringLiteral("照片"), QStringLiteral("水彩")).isEmpty());
}

// Help → User Guide (F1) is bundled, in both languages, and opens at the current tab's topic.
void TestMainWindow::userGuideOpensAtTheCurrentTab()
{
    ui::MainWindow window;
    window.setProject(QStringLiteral("/tmp/Guide"));
    window.tabs()->setCurrentIndex(1);
    QCOMPARE(window.currentTopic(), QStringLiteral("plots"));
    auto *action = window.findChild<QAction *>(QStringLiteral("actionUserGuide"));
    QCOMPARE(action->shortcut(), QKeySequence(Qt::Key_F1));
    action->trigger();
    auto *guide = window.userGuide();
    QVERIFY(guide->isVisible());
    QCOMPARE(guide->currentTopic(), QStringLiteral("plots"));
    QVERIFY(guide->browser()->toPlainText().contains(QStringLiteral("Reading the curves")));
    QCOMPARE(ui::UserGuide::pageFor(QStringLiteral("zh_CN")), QUrl(QStringLiteral("qrc:/guide/zh_CN/index.html")));
    QCOMPARE(ui::UserGuide::pageFor(QStringLiteral("fr_FR")), QUrl(QStringLiteral("qrc:/guide/en/index.html")));
    // Its pictures are bundled too.
    QVERIFY(!QImage(QStringLiteral(":/guide/images/plots.jpg")).isNull());
    window.setProject(QString());
    QCOMPARE(window.currentTopic(), QStringLiteral("start"));
    window.notify(QStringLiteral("Training has ended"), QStringLiteral("Done."));
    QCOMPARE(window.lastNotification(), QStringLiteral("Done."));
}

// The ETA comes from the measured rate: a range while the rate moves, one figure once it has settled.
void TestMainWindow::etaIsARangeUntilTheRateSettles()
{
    ui::MainWindow window;
    window.setProject(QStringLiteral("/tmp/Eta"));
    window.setTraining(true);
    window.showStatus({1, 1001, 1, 2, 2.0, QStringLiteral("CPU")});
    QVERIFY2(window.statusText().contains(QStringLiteral("ETA 25 min 0 s–41 min 40 s")), qPrintable(window.statusText()));
    for (int i = 2; i <= 40; ++i)
        window.showStatus({i, 1001, 1, 2, 2.0, QStringLiteral("CPU")});
    // 961 iterations left at 2 s each; the deviation has decayed below a tenth of the rate.
    QVERIFY2(window.statusText().contains(QStringLiteral("ETA 32 min 2 s ·")), qPrintable(window.statusText()));
    // A jump in the rate widens it to a range again, and the average moves only a tenth of the way.
    window.showStatus({41, 1001, 1, 2, 20.0, QStringLiteral("CPU")});
    QVERIFY2(window.statusText().contains(QStringLiteral("–")), qPrintable(window.statusText()));
    QVERIFY(window.statusText().contains(QStringLiteral("0.26 it/s")));
}

// Compare shows one picture with a line to drag; the result says which model made it; a thumbnail's
// Translate opens the Translate tab in the direction away from its style.
void TestMainWindow::compareAndTranslateFromAThumbnail()
{
    ui::MainWindow window;
    window.setProject(QStringLiteral("/tmp/Compare"));
    window.resize(1000, 700);
    window.show();
    window.showTranslateTab();
    auto *translate = window.translateView();
    QImage original(40, 20, QImage::Format_RGB32), result(40, 20, QImage::Format_RGB32);
    original.fill(Qt::black);
    result.fill(Qt::white);
    translate->showResult(QStringLiteral("/tmp/a.png"), original, result, QStringLiteral("this project's model at step 120"));
    QVERIFY(translate->statusText().contains(QStringLiteral("made by this project's model at step 120")));
    QVERIFY(!translate->isComparing());
    translate->findChild<QPushButton *>(QStringLiteral("compareToggle"))->click();
    QVERIFY(translate->isComparing());
    auto *compare = translate->compareView();
    QVERIFY(compare->isVisible());
    const QRect picture = compare->pictureRect();
    QVERIFY(!picture.isEmpty());
    QTest::mouseClick(compare, Qt::LeftButton, {}, QPoint(picture.left() + picture.width() / 4, picture.center().y()));
    QVERIFY(qAbs(compare->split() - 0.25) < 0.05);
    // Left of the line the translation (white), right of it the original (black).
    const QImage shot = compare->grab().toImage();
    QCOMPARE(QColor(shot.pixel(picture.left() + 2, picture.bottom() - 2)), QColor(Qt::white));
    QCOMPARE(QColor(shot.pixel(picture.right() - 2, picture.bottom() - 2)), QColor(Qt::black));
    QTest::keyClick(compare, Qt::Key_Right);
    QVERIFY(qAbs(compare->split() - 0.30) < 0.05);

    // A picture of B translated from its thumbnail: B → A, on the Translate tab.
    QSignalSpy requested(translate, &ui::TranslateView::translateRequested);
    window.tabs()->setCurrentIndex(0);
    Q_EMIT window.domainB()->translateRequested(QStringLiteral("/tmp/b.png"));
    QCOMPARE(window.tabs()->currentIndex(), 3);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.value(0).value(0).toString(), QStringLiteral("/tmp/b.png"));
    QCOMPARE(std::get<ui::Direction>(requested.value(0).value(1).value<ui::TranslateRequest>().target), ui::Direction::BtoA);
}

// The window works down to 1024×700: no tab, toolbar or panel asks for more, with a project open and
// the curves' toolbar full.
void TestMainWindow::fitsA1024By700Screen()
{
    ui::MainWindow window;
    window.setProject(QStringLiteral("/tmp/Small"));
    window.setStyleNames({QStringLiteral("Photographs of the coast"), QStringLiteral("Watercolour paintings")});
    QStringList names = {QStringLiteral("G_A"), QStringLiteral("G_B"), QStringLiteral("D_A"), QStringLiteral("D_B"), QStringLiteral("cycle_A"),
                         QStringLiteral("cycle_B"), QStringLiteral("idt_A"), QStringLiteral("idt_B"), QStringLiteral("cycle_ms_A"), QStringLiteral("cycle_feat_B")};
    window.lossPlot()->addPoints({{1, names, QVector<double>(names.size(), 1.0)}});
    window.resize(1024, 700);
    window.show();
    for (int tab = 0; tab < window.tabs()->count(); ++tab) {
        window.tabs()->setCurrentIndex(tab);
        QVERIFY2(window.minimumSizeHint().width() <= 1024, qPrintable(QString::number(window.minimumSizeHint().width())));
        QVERIFY2(window.minimumSizeHint().height() <= 700, qPrintable(QString::number(window.minimumSizeHint().height())));
    }
    QVERIFY(window.width() <= 1024);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
