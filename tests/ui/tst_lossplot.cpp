// LossPlot on its own: smoothing, the hover read-out, curves that appear later, PNG and CSV export.

#include "ui/lossplot.h"

#include <QCheckBox>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest/QtTest>

class TestLossPlot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lossPlotSmoothsAndCounts();
};

void TestLossPlot::lossPlotSmoothsAndCounts()
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

QTEST_MAIN(TestLossPlot)
#include "tst_lossplot.moc"
