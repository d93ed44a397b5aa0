// LossPlot on its own: smoothing, the hover read-out, curves that appear later, PNG and CSV export.

#include "ui/lossplot.h"

#include <QAction>
#include <QPushButton>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest/QtTest>

class TestLossPlot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lossPlotSmoothsAndCounts();
    void curvesAreNamedFromTheStyles();
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
    QVERIFY(plot.readout(99).contains(QStringLiteral("A → B realism (G_A): 1.0000")));
    plot.setCurveVisible(0, false);
    QVERIFY(!plot.readout(4).contains(QStringLiteral("(G_A):")));
    QVERIFY(!plot.isCurveVisible(0));
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
    auto *toggle = plot.findChild<QAction *>(QStringLiteral("curve_cycle_ms_A"));
    QVERIFY(toggle && toggle->isChecked());
    QCOMPARE(toggle->text(), QStringLiteral("A round trip, coarse scales (cycle_ms_A)"));
    QVERIFY(plot.readout(5).contains(QStringLiteral("(cycle_ms_A): 2.0000")));
    QVERIFY(plot.exportCsv(dir.filePath(QStringLiteral("l2.csv"))));
    QFile csv2(dir.filePath(QStringLiteral("l2.csv")));
    QVERIFY(csv2.open(QIODevice::ReadOnly));
    const auto lines2 = QString::fromUtf8(csv2.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines2[0].endsWith(QStringLiteral(",cycle_ms_A")));
    QCOMPARE(lines2[2], QStringLiteral("2,1,1,1,1,1,1,1,1,"));
    QCOMPARE(lines2[5], QStringLiteral("5,0.5,,,,,,,,2"));
    // Hidden curves stay hidden when smoothing rebuilds the plot.
    plot.setSmoothing(0.3);
    QVERIFY(!plot.readout(4).contains(QStringLiteral("(G_A):")));
    QVERIFY(!plot.isCurveVisible(0));
    plot.clear();
    QCOMPARE(plot.pointCount(), 0);
    QVERIFY(plot.curveNames().isEmpty());
}

// The curves speak of the user's styles: G_A turns A into B, D_A judges B, cycle_A is A's round trip,
// idt_A leaves B alone. The file export keeps the losses' own names.
void TestLossPlot::curvesAreNamedFromTheStyles()
{
    ui::LossPlot plot;
    ui::LossPoint p;
    p.iteration = 1;
    p.names = QStringList{QStringLiteral("G_A"), QStringLiteral("D_A"), QStringLiteral("cycle_B"), QStringLiteral("idt_A"), QStringLiteral("D_adv")};
    p.values = {1, 2, 3, 4, 5};
    plot.addPoints({p});
    plot.setStyleNames({QStringLiteral("Photos"), QStringLiteral("Watercolours")});
    QCOMPARE(plot.curveLabel(QStringLiteral("G_A")), QStringLiteral("Photos → Watercolours realism (G_A)"));
    QCOMPARE(plot.curveLabel(QStringLiteral("D_A")), QStringLiteral("Watercolours judge (D_A)"));
    QCOMPARE(plot.curveLabel(QStringLiteral("cycle_B")), QStringLiteral("Watercolours round trip (cycle_B)"));
    QCOMPARE(plot.curveLabel(QStringLiteral("idt_A")), QStringLiteral("Watercolours kept as is (idt_A)"));
    QCOMPARE(plot.curveLabel(QStringLiteral("D_adv")), QStringLiteral("D_adv")); // multi-domain losses keep their names
    QCOMPARE(plot.findChild<QAction *>(QStringLiteral("curve_G_A"))->text(), QStringLiteral("Photos → Watercolours realism (G_A)"));
    QVERIFY(plot.readout(1).contains(QStringLiteral("Watercolours round trip (cycle_B): 3.0000")));
    QVERIFY(plot.howToRead().contains(QStringLiteral("Photos → Watercolours")));
    QVERIFY(plot.findChild<QPushButton *>(QStringLiteral("howToRead")));
    QTemporaryDir dir;
    QVERIFY(plot.exportCsv(dir.filePath(QStringLiteral("l.csv"))));
    QFile csv(dir.filePath(QStringLiteral("l.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QVERIFY(csv.readLine().startsWith("iteration,G_A,D_A,cycle_B,idt_A,D_adv"));
}

QTEST_MAIN(TestLossPlot)
#include "tst_lossplot.moc"
