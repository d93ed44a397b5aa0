// The views on their own (linked without torch, which proves the ui/ split): dropping files and folders
// onto a dataset pane, presets filling the form and invalid values refused, the loss plot's smoothing.

#include "ui/datasetpane.h"
#include "ui/lossplot.h"
#include "ui/previewview.h"
#include "ui/trainpanel.h"

#include <QDropEvent>
#include <QFile>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest/QtTest>

class TestWidgets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dropFilesAndFoldersOntoPane();
    void presetsFillTheFormAndInvalidValuesAreRefused();
    void lossPlotSmoothsAndCounts();
    void previewHistoryKeepsEarlierGrids();
};

void TestWidgets::dropFilesAndFoldersOntoPane()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QDir(dir.path()).mkpath(QStringLiteral("photos/sub"));
    for (const auto &name : {"photos/a.png", "photos/sub/b.jpg", "photos/notes.txt", "c.png", "d.txt"}) {
        QFile f(dir.filePath(QString::fromLatin1(name)));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    ui::DatasetPane pane(QStringLiteral("Domain A"));
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
    QCOMPARE(pane.sources().size(), 2); // the folder and c.png; d.txt is not an image
    QCOMPARE(pane.imageCount(), 3);     // a.png, sub/b.jpg, c.png
    QApplication::sendEvent(&pane, &drop); // dropping again adds nothing
    QCOMPARE(pane.sources().size(), 2);
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

void TestWidgets::lossPlotSmoothsAndCounts()
{
    ui::LossPlot plot;
    QVector<ui::LossPoint> points;
    for (int i = 1; i <= 4; ++i) {
        ui::LossPoint p;
        p.iteration = i;
        p.values.fill(i % 2 ? 0.0 : 1.0);
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
    plot.clear();
    QCOMPARE(plot.pointCount(), 0);
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
