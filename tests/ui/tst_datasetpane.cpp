// DatasetPane on its own: dropping files and folders, the background scan of unreadable files, undo and redo.

#include "ui/datasetpane.h"

#include <QDropEvent>
#include <QFile>
#include <QListView>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest/QtTest>

class TestDatasetPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dropFilesAndFoldersOntoPane();
    void shortPaneShowsSmallerThumbnails();
};

// Two styles stacked on a 700-pixel screen leave each pane about 200 pixels of thumbnails: they shrink so
// that two rows and a half show, and grow back to 96 pixels when there is room.
void TestDatasetPane::shortPaneShowsSmallerThumbnails()
{
    ui::DatasetPane pane(QStringLiteral("Photos"));
    pane.resize(260, 900);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(pane.thumbnailSide(), 96);
    pane.resize(260, 330);
    QTRY_VERIFY(pane.thumbnailSide() < 96);
    QVERIFY(pane.thumbnailSide() >= 48);
    const auto *view = pane.imageView();
    QVERIFY2(view->viewport()->height() >= 2 * view->gridSize().height(),
             qPrintable(QStringLiteral("%1 px for rows of %2").arg(view->viewport()->height()).arg(view->gridSize().height())));
    pane.resize(260, 900);
    QTRY_COMPARE(pane.thumbnailSide(), 96);
}

void TestDatasetPane::dropFilesAndFoldersOntoPane()
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
    ui::FileTypes types;
    types.imageSuffixes = QStringList{QStringLiteral("png"), QStringLiteral("jpg")};
    pane.setFileTypes(types);
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

QTEST_MAIN(TestDatasetPane)
#include "tst_datasetpane.moc"
