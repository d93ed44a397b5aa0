// The model library's widgets on their own: ModelList (choose, rename, remove, keep the choice across
// refreshes) and the dialog that starts a project from a PyTorch checkpoint folder.

#include "ui/modellist.h"
#include "ui/officialdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QListWidget>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest/QtTest>

class TestModelList : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void projectModelComesFirstAndIsChosen();
    void choosingAModelSaysWhich();
    void renameAndRemoveActOnTheChosenImportedModel();
    void theProjectModelCannotBeRenamedOrRemoved();
    void removingTheChosenModelFallsBackToTheProject();
    void updateAddsOrReplacesByPath();
    void savedEpochsListsLatestThenNumbers();
    void officialDialogNeedsACheckpointAndThreeFolders();

private:
    static ui::ModelEntry entry(const QString &path, const QString &name)
    {
        ui::ModelEntry m;
        m.path = path;
        m.name = name;
        m.architecture = QStringLiteral("CycleGAN ResNet generator, 9 residual blocks, ngf 64");
        m.source = QStringLiteral("PyTorch file %1.pth").arg(name);
        m.bytes = 11378 * 1024;
        return m;
    }
};

void TestModelList::projectModelComesFirstAndIsChosen()
{
    ui::ModelList list;
    list.setModels({entry("/lib/monet.csm", "Monet"), entry("/lib/ukiyoe.csm", "Ukiyo-e")});
    QCOMPARE(list.list()->count(), 3);
    QCOMPARE(list.currentModel(), QString());
    QVERIFY(list.list()->item(1)->text().startsWith(QStringLiteral("Monet\n")));
    QVERIFY(list.list()->item(1)->text().contains(QStringLiteral("9 residual blocks")));
    QVERIFY(!list.list()->item(1)->icon().isNull());
}

void TestModelList::choosingAModelSaysWhich()
{
    ui::ModelList list;
    list.setModels({entry("/lib/monet.csm", "Monet"), entry("/lib/ukiyoe.csm", "Ukiyo-e")});
    QSignalSpy chosen(&list, &ui::ModelList::modelChosen);
    list.list()->setCurrentRow(2);
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.at(0).at(0).toString(), QStringLiteral("/lib/ukiyoe.csm"));
    list.setModels({entry("/lib/monet.csm", "Monet"), entry("/lib/ukiyoe.csm", "Ukiyo-e (mine)")});
    QCOMPARE(list.currentModel(), QStringLiteral("/lib/ukiyoe.csm")); // a refresh keeps the choice
    QCOMPARE(chosen.count(), 1);
}

void TestModelList::renameAndRemoveActOnTheChosenImportedModel()
{
    ui::ModelList list;
    list.setModels({entry("/lib/monet.csm", "Monet")});
    list.selectModel(QStringLiteral("/lib/monet.csm"));
    QSignalSpy renamed(&list, &ui::ModelList::renameRequested);
    QSignalSpy removed(&list, &ui::ModelList::removeRequested);
    list.renameCurrent(QStringLiteral("  Water lilies  "));
    list.renameCurrent(QStringLiteral("   ")); // a blank name is no rename
    QCOMPARE(renamed.count(), 1);
    QCOMPARE(renamed.at(0).at(0).toString(), QStringLiteral("/lib/monet.csm"));
    QCOMPARE(renamed.at(0).at(1).toString(), QStringLiteral("Water lilies"));
    list.removeCurrent();
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(0).toString(), QStringLiteral("/lib/monet.csm"));
    const auto buttons = list.findChildren<QPushButton *>();
    for (auto *b : buttons)
        QVERIFY(b->isEnabled());
}

void TestModelList::theProjectModelCannotBeRenamedOrRemoved()
{
    ui::ModelList list;
    list.setModels({entry("/lib/monet.csm", "Monet")});
    QSignalSpy renamed(&list, &ui::ModelList::renameRequested);
    QSignalSpy removed(&list, &ui::ModelList::removeRequested);
    list.renameCurrent(QStringLiteral("x"));
    list.removeCurrent();
    QCOMPARE(renamed.count(), 0);
    QCOMPARE(removed.count(), 0);
    int enabled = 0;
    for (auto *b : list.findChildren<QPushButton *>())
        enabled += b->isEnabled();
    QCOMPARE(enabled, 1); // Import… only
}

void TestModelList::removingTheChosenModelFallsBackToTheProject()
{
    ui::ModelList list;
    list.setModels({entry("/lib/monet.csm", "Monet"), entry("/lib/ukiyoe.csm", "Ukiyo-e")});
    list.selectModel(QStringLiteral("/lib/monet.csm"));
    QSignalSpy chosen(&list, &ui::ModelList::modelChosen);
    list.setModels({entry("/lib/ukiyoe.csm", "Ukiyo-e")});
    QCOMPARE(list.currentModel(), QString());
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.at(0).at(0).toString(), QString());
}

void TestModelList::updateAddsOrReplacesByPath()
{
    ui::ModelList list;
    list.updateModel(entry("/lib/monet.csm", "Monet"));
    QCOMPARE(list.models().size(), 1);
    auto withThumbnail = entry("/lib/monet.csm", "Monet");
    withThumbnail.thumbnail = QImage(64, 48, QImage::Format_RGB888);
    withThumbnail.thumbnail.fill(Qt::blue);
    list.updateModel(withThumbnail);
    QCOMPARE(list.models().size(), 1);
    QVERIFY(!list.models().first().thumbnail.isNull());
    list.updateModel(entry("/lib/vangogh.csm", "Van Gogh"));
    QCOMPARE(list.list()->count(), 3);
}

void TestModelList::savedEpochsListsLatestThenNumbers()
{
    QTemporaryDir dir;
    for (const char *name : {"5_net_G_A.pth", "latest_net_G_A.pth", "10_net_G_A.pth", "10_net_G_B.pth", "x_net_G_A.pth", "notes.txt"}) {
        QFile f(dir.filePath(QString::fromLatin1(name)));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    QCOMPARE(ui::OfficialImportDialog::savedEpochs(dir.path()), (QStringList{"latest", "5", "10"}));
    QCOMPARE(ui::OfficialImportDialog::savedEpochs(QString()), QStringList());
}

void TestModelList::officialDialogNeedsACheckpointAndThreeFolders()
{
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("latest_net_G_A.pth")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    ui::OfficialImportDialog dialog;
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    ui::OfficialImportRequest r;
    r.checkpointDir = dir.path();
    r.domainA = QStringLiteral("/pictures/photos");
    r.domainB = QStringLiteral("/pictures/watercolours");
    r.projectDir = QStringLiteral("/projects/watercolour");
    dialog.setRequest(r);
    QVERIFY(ok->isEnabled());
    const auto back = dialog.request();
    QCOMPARE(back.checkpointDir, r.checkpointDir);
    QCOMPARE(back.epoch, QStringLiteral("latest"));
    QCOMPARE(back.projectDir, r.projectDir);
    r.checkpointDir = dir.filePath(QStringLiteral("elsewhere"));
    dialog.setRequest(r);
    QVERIFY(!ok->isEnabled()); // no saved epoch there
}

QTEST_MAIN(TestModelList)
#include "tst_modellist.moc"
