// The views on their own (linked without torch, which proves the ui/ split): dropping files and folders
// onto a dataset pane, presets filling the form and invalid values refused, the loss plot's smoothing.

#include "ui/datasetpane.h"
#include "ui/lossplot.h"
#include "ui/mainwindow.h"
#include "ui/previewview.h"
#include "ui/trainpanel.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QAction>
#include <QDropEvent>
#include <QSettings>
#include <QFile>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest/QtTest>

class TestWidgets : public QObject
{
    Q_OBJECT
    QTemporaryDir m_settings;

private Q_SLOTS:
    void initTestCase();
    void everyActionHasAShortcutAndATooltip();
    void dropFilesAndFoldersOntoPane();
    void presetsFillTheFormAndInvalidValuesAreRefused();
    void customPresetTurnsOnTheOptionalCycleLosses();
    void lossPlotSmoothsAndCounts();
    void previewHistoryKeepsEarlierGrids();
};

void TestWidgets::initTestCase()
{
    QVERIFY(m_settings.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
}

void TestWidgets::everyActionHasAShortcutAndATooltip()
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

void TestWidgets::dropFilesAndFoldersOntoPane()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QDir(dir.path()).mkpath(QStringLiteral("photos/sub"));
    QDir(dir.path()).mkpath(QStringLiteral("photos/.hidden"));
    QImage image(40, 30, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    for (const auto &name : {"photos/a.png", "photos/sub/b.jpg", "photos/.hidden/x.png", "c.png"})
        QVERIFY(image.save(dir.filePath(QString::fromLatin1(name))));
    for (const auto &name : {"photos/notes.txt", "photos/broken.png", "d.txt"}) {
        QFile f(dir.filePath(QString::fromLatin1(name)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not an image");
    }
    QUndoStack undo;
    ui::DatasetPane pane(QStringLiteral("Domain A"));
    pane.setUndoStack(&undo);
    QSignalSpy changed(&pane, &ui::DatasetPane::sourcesChanged);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(dir.filePath(QStringLiteral("photos"))), QUrl::fromLocalFile(dir.filePath(QStringLiteral("c.png"))),
                  QUrl::fromLocalFile(dir.filePath(QStringLiteral("d.txt")))});
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&pane, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&pane, &drop);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(pane.sources().size(), 3);
    // a.png, broken.png, sub/b.jpg from the folder (not notes.txt, not .hidden/x.png), then c.png and d.txt:
    // a file dropped on its own is kept and shown as unreadable, not dropped in silence.
    QCOMPARE(pane.imageCount(), 5);
    QApplication::sendEvent(&pane, &drop); // dropping again adds nothing
    QCOMPARE(pane.sources().size(), 3);

    // The background scan marks the unreadable files with a reason.
    QTRY_COMPARE(pane.model()->checkedCount(), 5);
    QCOMPARE(pane.model()->unreadableCount(), 2);
    auto *model = pane.model();
    QStringList bad;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex i = model->index(row);
        if (!i.data(ui::ImageListModel::ErrorRole).toString().isEmpty()) {
            bad << QFileInfo(i.data(ui::ImageListModel::PathRole).toString()).fileName();
            QVERIFY(i.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Unreadable")));
        }
    }
    bad.sort();
    QCOMPARE(bad, (QStringList{QStringLiteral("broken.png"), QStringLiteral("d.txt")}));
    QVERIFY(!model->index(0).data(Qt::DecorationRole).value<QPixmap>().isNull());

    // Undo and redo the drop, then a removal.
    QCOMPARE(undo.count(), 1);
    undo.undo();
    QCOMPARE(pane.sources().size(), 0);
    QCOMPARE(pane.imageCount(), 0);
    undo.redo();
    QCOMPARE(pane.sources().size(), 3);
    pane.removeSources({pane.sources().first()});
    QCOMPARE(pane.imageCount(), 2);
    undo.undo();
    QCOMPARE(pane.imageCount(), 5);
    QCOMPARE(undo.count(), 2);
    QCOMPARE(changed.count(), 5);

    // Locked while training: drops are refused.
    pane.setLocked(true);
    QVERIFY(!pane.acceptDrops());
}

void TestWidgets::presetsFillTheFormAndInvalidValuesAreRefused()
{
    ui::TrainPanel panel;
    panel.applyPreset(QStringLiteral("standard"));
    auto s = panel.settings();
    QCOMPARE(s.size, 256);
    QCOMPARE(s.blocks, 9);
    QCOMPARE(s.ngf, 64);
    panel.applyPreset(QStringLiteral("sketch"));
    s = panel.settings();
    QCOMPARE(s.size, 96);
    QCOMPARE(s.ngf, 32);
    QCOMPARE(s.preset, QStringLiteral("sketch"));

    // Editing a network setting turns the preset into Custom.
    auto spins = panel.findChildren<QSpinBox *>();
    QSpinBox *size = nullptr;
    for (auto *sb : spins)
        if (sb->value() == 96)
            size = sb;
    QVERIFY(size);
    size->setValue(98); // not a multiple of 4
    QCOMPARE(panel.settings().preset, QStringLiteral("custom"));
    QVERIFY(!panel.validationError().isEmpty());
    QVERIFY(!panel.startButton()->isEnabled());
    QSignalSpy start(&panel, &ui::TrainPanel::startRequested);
    panel.startButton()->click();
    QCOMPARE(start.count(), 0);
    size->setValue(100);
    QVERIFY(panel.validationError().isEmpty());
    panel.startButton()->click();
    QCOMPARE(start.count(), 1);

    // Stored settings load as they are, preset name included.
    ui::TrainSettings stored;
    stored.preset = QStringLiteral("sketch");
    stored.size = 96;
    stored.ngf = 32;
    stored.checkpointEvery = 123;
    panel.setSettings(stored);
    QCOMPARE(panel.settings().preset, QStringLiteral("sketch"));
    QCOMPARE(panel.settings().checkpointEvery, 123);
    panel.setRunning(true);
    QVERIFY(!size->isEnabled()); // locked while training
    QVERIFY(panel.stopButton()->isEnabled());
}

void TestWidgets::customPresetTurnsOnTheOptionalCycleLosses()
{
    ui::TrainPanel panel;
    panel.applyPreset(QStringLiteral("sketch"));
    QCOMPARE(panel.settings().cyclePyramidWeights, QVector<double>{1.0});
    QCOMPARE(panel.settings().lambdaFeature, 0.0);
    auto labels = panel.findChildren<QLabel *>();
    auto shows = [&](const QString &text) {
        return std::any_of(labels.begin(), labels.end(), [&](QLabel *l) { return l->text().contains(text); });
    };
    QVERIFY(shows(QStringLiteral("Feature cycle loss off")));
    panel.applyPreset(QStringLiteral("custom"));
    auto s = panel.settings();
    QCOMPARE(s.cyclePyramidWeights, (QVector<double>{1.0, 1.0, 1.0}));
    QCOMPARE(s.lambdaFeature, 1.0);
    QVERIFY(s.featureNetwork.isEmpty());
    QVERIFY(shows(QStringLiteral("discriminators' intermediate layers"))); // says what F is
    QVERIFY(panel.validationError().isEmpty());

    // Bad weights are refused with a sentence, and Start stays off.
    QLineEdit *weights = nullptr;
    for (auto *e : panel.findChildren<QLineEdit *>())
        if (e->text() == QStringLiteral("1, 1, 1"))
            weights = e;
    QVERIFY(weights);
    weights->setText(QStringLiteral("1, x, 1"));
    Q_EMIT weights->textEdited(weights->text());
    QVERIFY(panel.validationError().contains(QStringLiteral("pyramid")));
    QVERIFY(!panel.startButton()->isEnabled());
    weights->setText(QStringLiteral("1, 0.5, 0.25"));
    Q_EMIT weights->textEdited(weights->text());
    QVERIFY(panel.validationError().isEmpty());
    QCOMPARE(panel.settings().cyclePyramidWeights, (QVector<double>{1.0, 0.5, 0.25}));

    // A missing TorchScript file is refused; the info line names a chosen one.
    ui::TrainSettings stored = panel.settings();
    stored.featureNetwork = QStringLiteral("/no/such/features.pt");
    panel.setSettings(stored);
    QVERIFY(panel.validationError().contains(QStringLiteral("feature network")));
    labels = panel.findChildren<QLabel *>();
    QVERIFY(shows(QStringLiteral("features.pt")));
    // Loading stored settings keeps their losses; another preset turns them off.
    stored.featureNetwork.clear();
    panel.setSettings(stored);
    QCOMPARE(panel.settings().cyclePyramidWeights.size(), 3);
    panel.applyPreset(QStringLiteral("quick"));
    QCOMPARE(panel.settings().cyclePyramidWeights, QVector<double>{1.0});
    QCOMPARE(panel.settings().lambdaFeature, 0.0);
}

void TestWidgets::lossPlotSmoothsAndCounts()
{
    ui::LossPlot plot;
    QVector<ui::LossPoint> points;
    for (int i = 1; i <= 4; ++i) {
        ui::LossPoint p;
        p.iteration = i;
        p.names = QStringList{QStringLiteral("G_A"), QStringLiteral("G_B"), QStringLiteral("D_A"), QStringLiteral("D_B"),
                              QStringLiteral("cycle_A"), QStringLiteral("cycle_B"), QStringLiteral("idt_A"), QStringLiteral("idt_B")};
        p.values.fill(i % 2 ? 0.0 : 1.0, p.names.size());
        points.push_back(p);
    }
    plot.setSmoothing(0.5);
    plot.addPoints(points);
    QCOMPARE(plot.pointCount(), 4);
    QCOMPARE(plot.smoothedValue(0, 0), 0.0);
    QCOMPARE(plot.smoothedValue(0, 1), 0.5);
    QCOMPARE(plot.smoothedValue(0, 2), 0.25);
    plot.setSmoothing(0.0);
    QCOMPARE(plot.smoothedValue(3, 1), 1.0);
    // The hover read-out names the nearest iteration and the visible curves.
    QVERIFY(plot.readout(2.4).startsWith(QStringLiteral("Iteration 2\n")));
    QVERIFY(plot.readout(2.6).startsWith(QStringLiteral("Iteration 3\n")));
    QVERIFY(plot.readout(99).contains(QStringLiteral("G_A: 1.0000")));
    plot.setCurveVisible(0, false);
    QVERIFY(!plot.readout(4).contains(QStringLiteral("G_A:")));
    QTemporaryDir dir;
    QVERIFY(plot.exportCsv(dir.filePath(QStringLiteral("l.csv"))));
    QFile csv(dir.filePath(QStringLiteral("l.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const auto lines = QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QVERIFY(lines[0].startsWith(QStringLiteral("iteration,G_A,G_B")));
    QCOMPARE(lines[2], QStringLiteral("2,1,1,1,1,1,1,1,1"));
    plot.resize(400, 300);
    QVERIFY(plot.exportPng(dir.filePath(QStringLiteral("l.png"))));
    QVERIFY(!QImage(dir.filePath(QStringLiteral("l.png"))).isNull());
    QVERIFY(!plot.exportCsv(dir.filePath(QStringLiteral("missing/folder/l.csv"))));
    // A loss that appears later (an optional loss, or another mode's) gets its own curve and toggle;
    // rows without it stay empty in the export.
    ui::LossPoint extra;
    extra.iteration = 5;
    extra.names = QStringList{QStringLiteral("G_A"), QStringLiteral("cycle_ms_A")};
    extra.values = {0.5, 2.0};
    plot.addPoints({extra});
    QCOMPARE(plot.curveNames().size(), 9);
    QCOMPARE(plot.curveIndex(QStringLiteral("cycle_ms_A")), 8);
    QVERIFY(plot.findChild<QCheckBox *>(QString(), Qt::FindChildrenRecursively) != nullptr);
    QVERIFY(plot.readout(5).contains(QStringLiteral("cycle_ms_A: 2.0000")));
    QVERIFY(plot.exportCsv(dir.filePath(QStringLiteral("l2.csv"))));
    QFile csv2(dir.filePath(QStringLiteral("l2.csv")));
    QVERIFY(csv2.open(QIODevice::ReadOnly));
    const auto lines2 = QString::fromUtf8(csv2.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines2[0].endsWith(QStringLiteral(",cycle_ms_A")));
    QCOMPARE(lines2[2], QStringLiteral("2,1,1,1,1,1,1,1,1,"));
    QCOMPARE(lines2[5], QStringLiteral("5,0.5,,,,,,,,2"));
    // Hidden curves stay hidden when smoothing rebuilds the plot.
    plot.setSmoothing(0.3);
    QVERIFY(!plot.readout(4).contains(QStringLiteral("G_A:")));
    plot.clear();
    QCOMPARE(plot.pointCount(), 0);
    QVERIFY(plot.curveNames().isEmpty());
}

void TestWidgets::previewHistoryKeepsEarlierGrids()
{
    ui::PreviewView view;
    QImage grid(60, 20, QImage::Format_RGB888);
    grid.fill(Qt::red);
    view.addPreview(10, grid);
    view.addPreview(20, grid);
    QCOMPARE(view.count(), 2);
    QCOMPARE(view.shownIteration(), qint64(20));
}

QTEST_MAIN(TestWidgets)
#include "tst_widgets.moc"
