// PreviewView on its own: the history of cycle previews.

#include "ui/previewview.h"
#include <QtTest/QtTest>

class TestPreviewView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void previewHistoryKeepsEarlierGrids();
};

void TestPreviewView::previewHistoryKeepsEarlierGrids()
{
    ui::PreviewView view;
    QImage grid(60, 20, QImage::Format_RGB888);
    grid.fill(Qt::red);
    view.addPreview(10, grid);
    view.addPreview(20, grid);
    QCOMPARE(view.count(), 2);
    QCOMPARE(view.shownIteration(), qint64(20));
}

QTEST_MAIN(TestPreviewView)
#include "tst_previewview.moc"
