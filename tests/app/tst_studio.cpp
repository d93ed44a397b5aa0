// The application object with its worker thread, on a tiny project: Start produces loss points and a
// preview grid, Pause holds the iteration, Stop writes a checkpoint, reopening continues from it, and
// closing the window while training ends cleanly.

#include "app/gui/livemodels.h"
#include "app/gui/studio.h"
#include "app/gui/trainingworker.h"
#include "app/gui/translateworker.h"
#include "engine/distributed/world.h"
#include "engine/project/checkpoint.h"
#include "engine/project/project.h"
#include "engine/training/losslog.h"
#include "engine/translation/video.h"
#include "tests/testdata.h"
#include "ui/lossplot.h"
#include "app/gui/modellibrary.h"
#include "ui/mainwindow.h"
#include "ui/modellist.h"
#include "ui/previewview.h"
#include "ui/trainpanel.h"
#include "ui/translateview.h"

#include "ui/datasetdock.h"
#include "ui/datasetpane.h"
#include "ui/finetunedialog.h"
#include "ui/newprojectwizard.h"
#include "app/gui/conversions.h"

#include <QMessageBox>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <QComboBox>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QUndoStack>

#include <fstream>

#include <QSignalSpy>
#include <QtTest/QtTest>

class TestStudio : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void trainPauseStopAndReopen();
    void translateDroppedImageAndExportFolder();
    void closingWhileTrainingStopsCleanly();
    void filesUnsavedChangesAndEstimate();
    void fineTuneProjectShowsWhatIsFrozen();
    void multiDomainProjectInTheWindow();
    void fullSeedIsKept();
    void droppedPytorchModelJoinsTheLibrary();
    void workerTrainsWithLocalRanks();
    void allGpusIsOfferedWithSeveralGpus();
    void wizardProjectKeepsItsStyleNames();
    void translationDuringTrainingUsesTheWeightsInTraining();

private:
    QString newProject(const char *name);
    QTemporaryDir m_dir;
};

void TestStudio::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Recent projects, theme and layout go to a scratch settings folder, not the user's.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    testdata::makeDomains(testdata::path(m_dir, "data"));
    // The model library lives under the application data folder: a scratch one here.
    qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data-home")).toUtf8());
}

// The window's run on several GPUs, with CPU processes here: the worker is rank 0 and starts rank 1.
void TestStudio::workerTrainsWithLocalRanks()
{
    if (!engine::distributedTrainingAvailable())
        QSKIP("This build's LibTorch has no c10d/Gloo.");
    const QString dir = newProject("ranks");
    app::TrainingWorker worker;
    worker.setRankProgram(QStringLiteral(CYCLESTUDIO_CLI));
    QSignalSpy started(&worker, &app::TrainingWorker::started), status(&worker, &app::TrainingWorker::statusChanged),
        finished(&worker, &app::TrainingWorker::finished), failed(&worker, &app::TrainingWorker::failed),
        losses(&worker, &app::TrainingWorker::lossPoints);
    worker.trainOnRanks(dir, 3, 2, ui::Device::Cpu, 1);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().toLongLong(), qint64(3));
    QVERIFY(!losses.isEmpty());
    QVERIFY(!status.isEmpty());
    const auto last = status.last().first().value<ui::TrainStatus>();
    QVERIFY2(last.device.startsWith("2 processes, each on CPU"), qPrintable(last.device));
    // Rank 0 wrote each iteration once; the checkpoint holds rank 1's state too.
    QCOMPARE(engine::readLossLog(engine::Project::open(testdata::path(m_dir, "ranks")).lossesCsv()).rows.size(), size_t(3));

    // Rank 1's program missing: a sentence, at once, and nothing trained.
    worker.setRankProgram(m_dir.filePath(QStringLiteral("no-such-program")));
    worker.trainOnRanks(dir, 1, 2, ui::Device::Cpu, 1);
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.first().first().toString().contains("Cannot start the process"), qPrintable(failed.first().first().toString()));
}

void TestStudio::allGpusIsOfferedWithSeveralGpus()
{
    ui::TrainPanel panel;
    auto *device = panel.findChild<QComboBox *>(QStringLiteral("device"));
    QVERIFY(device);
    const int plain = device->count();
    panel.setGpuCount(1);
    QCOMPARE(device->count(), plain);
    panel.setGpuCount(4);
    QCOMPARE(device->count(), plain + 1);
    QCOMPARE(device->itemText(plain), QStringLiteral("All GPUs (4)"));
    auto s = panel.settings();
    s.device = ui::Device::AllGpus;
    panel.setSettings(s);
    QCOMPARE(panel.settings().device, ui::Device::AllGpus);
    // Ranks wait for each other: no Pause, only Stop.
    panel.setRunning(true);
    QVERIFY(!panel.pauseButton()->isEnabled());
    QVERIFY(panel.stopButton()->isEnabled());
    panel.setRunning(false);
    panel.setGpuCount(0);
    QCOMPARE(device->count(), plain);
}

// A picture dropped while training is translated with the weights as they are, not the last checkpoint
// (here there is none yet): the training thread writes them when asked, also while paused.
void TestStudio::translationDuringTrainingUsesTheWeightsInTraining()
{
    const QString dir = newProject("live");
    app::LiveModels live;
    app::TrainingWorker trainer;
    app::TranslateWorker translator;
    trainer.setLiveModels(&live);
    translator.setLiveModels(&live);
    QThread trainThread, translateThread;
    trainer.moveToThread(&trainThread);
    translator.moveToThread(&translateThread);
    trainThread.start();
    translateThread.start();
    QSignalSpy status(&trainer, &app::TrainingWorker::statusChanged), paused(&trainer, &app::TrainingWorker::paused),
        finished(&trainer, &app::TrainingWorker::finished), translated(&translator, &app::TranslateWorker::translated),
        failed(&translator, &app::TranslateWorker::failed);
    QMetaObject::invokeMethod(&trainer, [&] { trainer.train(dir, 0, ui::Device::Cpu, 1); });
    QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty() && status.last().first().value<ui::TrainStatus>().iteration >= 3, 60000);
    QVERIFY(live.training(dir));
    QVERIFY(engine::usableCheckpoints(engine::Project::open(std::filesystem::u8path(dir.toStdString()))).empty());

    ui::TranslateRequest request;
    request.model = ui::ProjectModel{dir};
    request.target = ui::Direction::AtoB;
    const QString picture = m_dir.filePath(QStringLiteral("data/A/a1.png"));
    QMetaObject::invokeMethod(&translator, [&] { translator.translate(picture, request); });
    QTRY_VERIFY_WITH_TIMEOUT(translated.size() + failed.size() == 1, 60000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    const QString madeBy = translated.first().at(3).toString();
    QVERIFY2(madeBy.startsWith(QStringLiteral("the model in training, at step ")), qPrintable(madeBy));
    QVERIFY(madeBy.section(QLatin1Char(' '), -1).toLongLong() >= 3);

    // Paused: answered at once, at the paused step, in the other direction too.
    trainer.requestPause(true);
    QTRY_VERIFY_WITH_TIMEOUT(!paused.isEmpty() && paused.last().first().toBool(), 60000);
    request.target = ui::Direction::BtoA;
    QMetaObject::invokeMethod(&translator, [&] { translator.translate(picture, request); });
    QTRY_COMPARE_WITH_TIMEOUT(translated.size(), 2, 30000);
    QVERIFY(translated.last().at(3).toString().startsWith(QStringLiteral("the model in training, at step ")));
    QCOMPARE(translated.last().at(2).value<QImage>().size(), translated.last().at(1).value<QImage>().size());

    // After the run, the checkpoint it ended with.
    trainer.requestPause(false);
    trainer.requestStop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY(!live.training(dir));
    QMetaObject::invokeMethod(&translator, [&] { translator.translate(picture, request); });
    QTRY_COMPARE_WITH_TIMEOUT(translated.size(), 3, 30000);
    QVERIFY2(translated.last().at(3).toString().startsWith(QStringLiteral("this project's model at step ")),
             qPrintable(translated.last().at(3).toString()));

    // Saved for print: the same picture translated again at 16 bits per channel.
    QSignalSpy saved(&translator, &app::TranslateWorker::saved);
    const QString print = m_dir.filePath(QStringLiteral("a1_print.png"));
    QMetaObject::invokeMethod(&translator, [&] { translator.saveDeep(picture, request, print); });
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 30000);
    QCOMPARE(cv::imread(print.toStdString(), cv::IMREAD_UNCHANGED).depth(), CV_16U);
    trainThread.quit();
    translateThread.quit();
    trainThread.wait();
    translateThread.wait();
}

QString TestStudio::newProject(const char *name)
{
    auto o = testdata::tinyOptions();
    o.previewEvery = 2;
    o.epochs = 50;
    const auto dir = testdata::path(m_dir, name);
    engine::Project::create(dir, {testdata::path(m_dir, "data/A")}, {testdata::path(m_dir, "data/B")}, o, "custom");
    return QString::fromStdString(dir.u8string());
}

void TestStudio::trainPauseStopAndReopen()
{
    const QString dir = newProject("p1");
    qint64 stoppedAt = 0;
    {
        app::Studio studio;
        QVERIFY(studio.openProject(dir));
        auto *w = studio.window();
        QSignalSpy finished(&studio, &app::Studio::trainingFinished);
        auto settings = w->trainPanel()->settings();
        settings.device = ui::Device::Cpu;
        studio.startTraining(settings);
        QVERIFY(studio.isTraining());
        QTRY_VERIFY_WITH_TIMEOUT(w->lossPlot()->pointCount() >= 3, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(w->previewView()->count() >= 1, 30000);

        QSignalSpy paused(studio.worker(), &app::TrainingWorker::paused);
        studio.pauseTraining(true);
        QTRY_VERIFY_WITH_TIMEOUT(!paused.isEmpty() && paused.last().at(0).toBool(), 10000);
        QTest::qWait(100); // a batch in flight may still arrive
        const int held = w->lossPlot()->pointCount();
        QTest::qWait(400);
        QCOMPARE(w->lossPlot()->pointCount(), held);
        studio.pauseTraining(false);
        QTRY_VERIFY_WITH_TIMEOUT(w->lossPlot()->pointCount() > held, 10000);

        studio.stopTraining();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        stoppedAt = finished.first().at(0).toLongLong();
        QVERIFY(stoppedAt > held);
        QVERIFY(!studio.isTraining());
    }
    const auto project = engine::Project::open(std::filesystem::u8path(dir.toStdString()));
    QCOMPARE(project.checkpoints().size(), size_t(1));

    // Reopening shows the history and continues from the checkpoint.
    app::Studio studio;
    QVERIFY(studio.openProject(dir));
    QCOMPARE(studio.window()->lossPlot()->pointCount(), int(stoppedAt));
    QVERIFY(studio.window()->previewView()->count() >= 1);
    QSignalSpy started(studio.worker(), &app::TrainingWorker::started);
    QSignalSpy finished(&studio, &app::Studio::trainingFinished);
    auto settings = studio.window()->trainPanel()->settings();
    settings.device = ui::Device::Cpu;
    studio.startTraining(settings, 2);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QCOMPARE(started.first().at(0).toLongLong(), stoppedAt);
    QCOMPARE(finished.first().at(0).toLongLong(), stoppedAt + 2);
}

void TestStudio::translateDroppedImageAndExportFolder()
{
    const QString dir = QString::fromStdString(testdata::path(m_dir, "p1").u8string()); // trained above
    app::Studio studio;
    QVERIFY(studio.openProject(dir));
    auto *tv = studio.window()->translateView();
    studio.window()->show();
    studio.window()->showTranslateTab(); // as the user does: drops go to the visible view

    const auto image = testdata::path(m_dir, "data/A/a1.png");
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(QString::fromStdString(image.u8string()))});
    QSignalSpy failed(studio.translateWorker(), &app::TranslateWorker::failed);
    QSignalSpy requested(tv, &ui::TranslateView::translateRequested);
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(tv, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(tv, &drop);
    QCOMPARE(requested.count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(tv->hasResult() || !failed.isEmpty(), 30000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
    QCOMPARE(tv->result().size(), QSize(40, 40)); // full resolution, not the 32 px training size
    // The result says which model made it, and at which step of its training.
    QVERIFY2(tv->statusText().contains(QStringLiteral("made by this project's model at step ")), qPrintable(tv->statusText()));

    const auto input = testdata::path(m_dir, "export_in");
    testdata::makeDomains(input, 3);
    std::ofstream(input / "A" / "broken.png") << "not an image";
    const auto output = testdata::path(m_dir, "export_out");
    QSignalSpy finished(studio.translateWorker(), &app::TranslateWorker::exportFinished);
    ui::ExportRequest exportRequest;
    exportRequest.translation = tv->request();
    exportRequest.translation.target = ui::Direction::BtoA;
    exportRequest.inputDir = QString::fromStdString(input.u8string());
    exportRequest.outputDir = QString::fromStdString(output.u8string());
    exportRequest.format = QStringLiteral("jpg");
    Q_EMIT tv->exportRequested(exportRequest);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QCOMPARE(finished.first().at(0).toInt(), 6);                 // one output per readable input
    QCOMPARE(finished.first().at(1).toStringList().size(), 1);   // the broken file, reported
    QVERIFY(finished.first().at(1).toStringList().front().contains(QStringLiteral("broken.png")));
    QVERIFY(std::filesystem::exists(output / "B" / "b2.jpg")); // in the chosen format
    // Then the folder it wrote is one click away.
    auto *openOutput = tv->findChild<QPushButton *>(QStringLiteral("openOutputFolder"));
    QVERIFY(openOutput);
    QTRY_VERIFY_WITH_TIMEOUT(!openOutput->isHidden(), 10000);
    QVERIFY2(openOutput->toolTip().contains(QDir::toNativeSeparators(exportRequest.outputDir)), qPrintable(openOutput->toolTip()));

    // A dropped video shows a translated frame; Export Video writes every frame.
    const auto video = testdata::path(m_dir, "clip.avi");
    {
        cv::VideoWriter writer(video.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 8.0, cv::Size(40, 32));
        QVERIFY(writer.isOpened());
        for (int i = 0; i < 6; ++i)
            writer.write(cv::Mat(32, 40, CV_8UC3, cv::Scalar(20 * i, 100, 200)));
    }
    QMimeData videoMime;
    videoMime.setUrls({QUrl::fromLocalFile(QString::fromStdString(video.u8string()))});
    QSignalSpy opened(studio.translateWorker(), &app::TranslateWorker::videoOpened);
    QDragEnterEvent videoEnter(QPoint(5, 5), Qt::CopyAction, &videoMime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(tv, &videoEnter);
    QDropEvent videoDrop(QPointF(5, 5), Qt::CopyAction, &videoMime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(tv, &videoDrop);
    QCOMPARE(tv->videoPath(), QString::fromStdString(video.u8string()));
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 30000);
    QCOMPARE(opened.first().at(1).toLongLong(), 6);
    QCOMPARE(opened.first().at(4).toInt(), engine::videoKeepsSound() ? 0 : -1); // a clip without sound
    QTRY_COMPARE_WITH_TIMEOUT(tv->result().size(), QSize(40, 32), 30000);
    QSignalSpy videoDone(studio.translateWorker(), &app::TranslateWorker::videoFinished);
    const QString videoOut = QString::fromStdString(testdata::path(m_dir, "clip translated.avi").u8string());
    Q_EMIT tv->videoExportRequested(tv->videoPath(), videoOut, tv->request(), 0.5);
    QTRY_COMPARE_WITH_TIMEOUT(videoDone.count(), 1, 30000);
    QCOMPARE(videoDone.first().at(1).toLongLong(), 6);
    QVERIFY(!videoDone.first().at(2).toBool());
    QVERIFY(QFileInfo(videoOut).size() > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!openOutput->isHidden(), 10000); // the view hears of it after the worker's signal
    QVERIFY2(openOutput->toolTip().contains(QDir::toNativeSeparators(QFileInfo(videoOut).absolutePath())), qPrintable(openOutput->toolTip()));

    // Zooming shows both sides at the same fixed scale.
    tv->setZoom(2.0);
    QCOMPARE(tv->zoom(), 2.0);
    tv->setZoom(0);
}

void TestStudio::closingWhileTrainingStopsCleanly()
{
    const QString dir = newProject("p2");
    app::Studio studio;
    QVERIFY(studio.openProject(dir));
    studio.window()->show();
    QSignalSpy finished(&studio, &app::Studio::trainingFinished);
    auto settings = studio.window()->trainPanel()->settings();
    settings.device = ui::Device::Cpu;
    studio.startTraining(settings);
    QTRY_VERIFY_WITH_TIMEOUT(studio.window()->lossPlot()->pointCount() >= 1, 30000);
    studio.window()->close(); // asks the worker to stop; the window stays until it has
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QTRY_VERIFY(!studio.window()->isVisible());
    const auto project = engine::Project::open(std::filesystem::u8path(dir.toStdString()));
    QCOMPARE(project.checkpoints().size(), size_t(1));
}

namespace {
// Answers the next modal question box with `button` once it is shown.
void answerNextQuestion(QMessageBox::StandardButton button, bool *asked)
{
    QTimer::singleShot(0, [button, asked] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        *asked = true;
        box->button(button)->click();
    });
}
} // namespace

void TestStudio::filesUnsavedChangesAndEstimate()
{
    const QString dir = QString::fromStdString(testdata::path(m_dir, "fresh project").u8string());
    app::Studio studio;
    auto *w = studio.window();
    w->show();
    QVERIFY(studio.createProject(dir));
    QVERIFY(QFileInfo(dir + QStringLiteral("/project.json")).isFile());
    QVERIFY(w->windowTitle().startsWith(QStringLiteral("fresh project[*]")));
    QCOMPARE(w->recentProjects().value(0), QFileInfo(dir).absoluteFilePath());
    QVERIFY(!w->isWindowModified());

    // Dropping images makes the project modified; the engine's decoder marks the unreadable file.
    const auto data = testdata::path(m_dir, "data with a broken file");
    testdata::makeDomains(data, 3);
    std::ofstream(data / "A" / "zz_broken.png") << "not an image";
    w->domainA()->addSources({QString::fromStdString((data / "A").u8string())});
    w->domainB()->addSources({QString::fromStdString((data / "B").u8string())});
    QVERIFY(studio.isModified());
    QVERIFY(w->isWindowModified());
    QTRY_COMPARE_WITH_TIMEOUT(w->domainA()->model()->unreadableCount(), 1, 10000);
    const QModelIndex bad = w->domainA()->model()->index(w->domainA()->imageCount() - 1);
    QVERIFY(bad.data(ui::ImageListModel::ErrorRole).toString().contains(QStringLiteral("zz_broken.png")));

    // The estimate for the form's settings appears before Start.
    QTRY_VERIFY_WITH_TIMEOUT(w->trainPanel()->estimateText().contains(QStringLiteral("per iteration")), 20000);
    QVERIFY(w->trainPanel()->estimateText().contains(QStringLiteral("million parameters")));

    // Undo takes the project back to its saved state.
    w->undoStack()->undo();
    QCOMPARE(w->domainB()->imageCount(), 0);
    w->undoStack()->redo();

    // Save writes the domains; the window is clean again.
    QVERIFY(studio.save());
    QVERIFY(!w->isWindowModified());
    QCOMPARE(engine::Project::open(std::filesystem::u8path(dir.toStdString())).domainA().size(), size_t(1));

    // Closing with unsaved changes asks; Cancel keeps the window, Discard closes it.
    w->domainB()->removeSources(w->domainB()->sources());
    QVERIFY(w->isWindowModified());
    bool asked = false;
    answerNextQuestion(QMessageBox::Cancel, &asked);
    w->close();
    QVERIFY(asked);
    QVERIFY(w->isVisible());
    asked = false;
    answerNextQuestion(QMessageBox::Discard, &asked);
    w->close();
    QVERIFY(asked);
    QTRY_VERIFY(!w->isVisible());
    QCOMPARE(engine::Project::open(std::filesystem::u8path(dir.toStdString())).domainB().size(), size_t(1)); // not saved
}

void TestStudio::fineTuneProjectShowsWhatIsFrozen()
{
    const QString source = QString::fromStdString(testdata::path(m_dir, "p1").u8string()); // trained above
    const QString dir = QString::fromStdString(testdata::path(m_dir, "p1 tuned").u8string());
    app::Studio studio;
    ui::FineTuneRequest r;
    r.source = source;
    r.projectDir = dir;
    r.freezeEncoder = true;
    r.freezeBlocks = 1;
    r.epochs = 1;
    r.epochsDecay = 0;
    QVERIFY(studio.createFineTuneProject(r));
    QCOMPARE(studio.projectDir(), QFileInfo(dir).absoluteFilePath());
    const auto s = studio.window()->trainPanel()->settings();
    QVERIFY(s.fineTunedFrom.endsWith(QStringLiteral("p1")));
    QVERIFY(s.freezeEncoder);
    QCOMPARE(s.freezeBlocks, 1);
    // Saving the form keeps the fine-tuning record.
    QVERIFY(studio.save());
    const auto saved = engine::Project::open(std::filesystem::u8path(dir.toStdString())).options;
    QVERIFY(saved.freezeEncoder);
    QCOMPARE(saved.freezeBlocks, 1);

    // A source without a model is refused with a message, and nothing is created.
    r.source = QString::fromStdString(testdata::path(m_dir, "nowhere").u8string());
    r.projectDir = QString::fromStdString(testdata::path(m_dir, "never created").u8string());
    bool shown = false;
    QTimer::singleShot(0, [&shown] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            shown = box->text().contains(QStringLiteral("does not exist"));
            box->accept();
        }
    });
    studio.window()->show();
    QVERIFY(!studio.createFineTuneProject(r));
    QVERIFY(shown);
    QVERIFY(!QFileInfo::exists(r.projectDir));
}

void TestStudio::multiDomainProjectInTheWindow()
{
    const QString dir = QString::fromStdString(testdata::path(m_dir, "多域 project").u8string());
    app::Studio studio;
    auto *w = studio.window();
    w->show();
    QVERIFY(studio.createMultiDomainProject(dir));
    QVERIFY(w->isMultiDomain());
    QCOMPARE(w->domainNames(), (QStringList{QStringLiteral("Domain 1"), QStringLiteral("Domain 2")}));
    QVERIFY(!w->domainA()->isVisible());
    QVERIFY(w->trainPanel()->isMultiDomain());
    QVERIFY(!studio.isModified());

    // Add, rename and remove domains; names are checked; the project knows it changed.
    QString error;
    QVERIFY(w->datasets()->addDomain(QStringLiteral("flat"), &error));
    QVERIFY(!w->datasets()->addDomain(QStringLiteral("FLAT"), &error));
    QVERIFY(error.contains(QStringLiteral("already")));
    QVERIFY(!w->datasets()->renameDomain(0, QStringLiteral("a,b"), &error));
    QVERIFY(w->datasets()->renameDomain(0, QStringLiteral("stripes"), &error));
    QVERIFY(w->datasets()->renameDomain(1, QStringLiteral("bars"), &error));
    QVERIFY(studio.isModified());
    QVERIFY(w->datasets()->addDomain(QStringLiteral("spare")));
    QVERIFY(w->datasets()->removeDomain(3));
    QCOMPARE(w->domainNames(), (QStringList{QStringLiteral("stripes"), QStringLiteral("bars"), QStringLiteral("flat")}));
    // Translate offers each domain as a target.
    auto *tv = w->translateView();
    QVERIFY(std::holds_alternative<ui::DomainTarget>(tv->target()));
    QCOMPARE(std::get<ui::DomainTarget>(tv->target()).index, 0);
    QCOMPARE(std::get<ui::DomainTarget>(tv->target()).name, QStringLiteral("stripes"));

    // Start refuses a domain without images, naming it.
    const auto data = testdata::path(m_dir, "data");
    const auto flat = testdata::path(m_dir, "flat");
    std::filesystem::create_directories(flat);
    for (int i = 0; i < 4; ++i) {
        engine::Image img(36, 36);
        std::fill(img.rgb.begin(), img.rgb.end(), std::uint8_t(40 + 40 * i));
        engine::saveImage(img, flat / ("f" + std::to_string(i) + ".png"));
    }
    auto panes = w->domainPanes();
    panes[0]->addSources({QString::fromStdString((data / "A").u8string())});
    panes[1]->addSources({QString::fromStdString((data / "B").u8string())});
    auto settings = w->trainPanel()->settings();
    QVERIFY(settings.multiDomain);
    settings.size = 32;
    settings.ngf = 8;
    settings.blocks = 1;
    settings.batch = 2;
    settings.nCritic = 2;
    settings.previewEvery = 2;
    settings.device = ui::Device::Cpu;
    bool asked = false;
    answerNextQuestion(QMessageBox::Ok, &asked);
    studio.startTraining(settings, 4);
    QVERIFY(asked);
    QVERIFY(!studio.isTraining()); // "flat" has no images yet
    panes[2]->addSources({QString::fromStdString(flat.u8string())});

    // Training: named curves, a multi-domain preview grid, the project saved with its domains.
    QSignalSpy finished(&studio, &app::Studio::trainingFinished);
    studio.startTraining(settings, 4);
    QVERIFY(studio.isTraining());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(finished.first().at(0).toLongLong(), qint64(4));
    QVERIFY(w->lossPlot()->curveNames().contains(QStringLiteral("D_gp")));
    QVERIFY(w->lossPlot()->curveNames().contains(QStringLiteral("G_rec")));
    QTRY_VERIFY_WITH_TIMEOUT(w->previewView()->count() >= 1, 10000);
    QVERIFY(w->previewView()->caption().contains(QStringLiteral("every domain")));
    const auto project = engine::Project::open(std::filesystem::u8path(dir.toStdString()));
    QCOMPARE(project.namedDomains.size(), size_t(3));
    QCOMPARE(project.namedDomains[2].name, std::string("flat"));
    QCOMPARE(project.multiDomain.imageSize, 32);
    QCOMPARE(project.multiDomain.dRepeat, 5); // 32 px leaves room for 5 stride-2 layers
    QVERIFY(!studio.isModified());

    // Translate into a chosen domain, at the image's own size.
    w->showTranslateTab();
    const auto image = data / "A" / "a1.png";
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(QString::fromStdString(image.u8string()))});
    QSignalSpy failed(studio.translateWorker(), &app::TranslateWorker::failed);
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(tv, &enter);
    QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(tv, &drop);
    QTRY_VERIFY_WITH_TIMEOUT(tv->hasResult() || !failed.isEmpty(), 30000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
    QCOMPARE(tv->result().size(), QSize(40, 40));

    // Reopening shows the same domains; a two-domain project brings back the A and B panes.
    QVERIFY(studio.openProject(dir));
    QCOMPARE(w->domainNames().size(), 3);
    QCOMPARE(w->domainPanes()[1]->imageCount(), 6);
    QVERIFY(studio.openProject(newProject("two domains")));
    QVERIFY(!w->isMultiDomain());
    QVERIFY(!w->trainPanel()->isMultiDomain());
    QVERIFY(std::holds_alternative<ui::Direction>(tv->target()));
    QVERIFY(std::get<ui::Direction>(tv->target()) == ui::Direction::AtoB);
}

void TestStudio::fullSeedIsKept()
{
    // A project made by the command line with a seed above 2^31 keeps it through the window and training.
    auto o = testdata::tinyOptions();
    o.seed = 3081473913ull;
    const auto dir = testdata::path(m_dir, "seed");
    engine::Project::create(dir, {testdata::path(m_dir, "data/A")}, {testdata::path(m_dir, "data/B")}, o, "custom");
    app::Studio studio;
    QVERIFY(studio.openProject(QString::fromStdString(dir.u8string())));
    auto settings = studio.window()->trainPanel()->settings();
    QCOMPARE(settings.seed, quint64(3081473913ull));
    QSignalSpy finished(&studio, &app::Studio::trainingFinished);
    settings.device = ui::Device::Cpu;
    studio.startTraining(settings, 1);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QCOMPARE(engine::Project::open(dir).options.seed, std::uint64_t(3081473913ull));
    QVERIFY(studio.save());
    QCOMPARE(engine::Project::open(dir).options.seed, std::uint64_t(3081473913ull));
}

void TestStudio::droppedPytorchModelJoinsTheLibrary()
{
    const QString dir = newProject("library");
    app::Studio studio;
    QVERIFY(studio.openProject(dir));
    studio.window()->show();
    auto *list = studio.window()->modelList();
    auto *tv = studio.window()->translateView();
    // Error boxes are closed as they come, and what they said is kept.
    QStringList errors;
    QTimer closer;
    connect(&closer, &QTimer::timeout, [&errors] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            errors << box->text();
            box->close();
        }
    });
    closer.start(20);
    QTRY_COMPARE_WITH_TIMEOUT(list->list()->count(), 1, 10000); // the project's model only

    // A PyTorch generator dropped on the Train tab becomes a library model, chosen, with a thumbnail.
    const QString pth = QStringLiteral(CYCLESTUDIO_PTH_FIXTURES "/g_legacy.pth");
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(pth)});
    auto *target = studio.window()->trainPanel();
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    QTRY_VERIFY_WITH_TIMEOUT(list->models().size() == 1 || !errors.isEmpty(), 30000);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    const auto model = list->models().first();
    QCOMPARE(model.name, QStringLiteral("g_legacy"));
    QVERIFY(model.architecture.contains(QStringLiteral("2 residual blocks")));
    QVERIFY(!model.thumbnail.isNull());
    QCOMPARE(list->currentModel(), model.path);
    QCOMPARE(tv->modelFile(), model.path);
    QVERIFY(tv->isVisible()); // the Translate tab is shown
    QVERIFY(QFileInfo(model.path).absolutePath().startsWith(m_dir.filePath(QStringLiteral("data-home"))));

    // It translates a dropped image at full resolution.
    const auto image = testdata::path(m_dir, "data/A/a1.png");
    QSignalSpy failed(studio.translateWorker(), &app::TranslateWorker::failed);
    tv->requestTranslation(QString::fromStdString(image.u8string()));
    QTRY_VERIFY_WITH_TIMEOUT(tv->hasResult() || !failed.isEmpty(), 30000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
    QCOMPARE(tv->result().size(), QSize(40, 40));

    // Rename and remove go through the library; the imported file is never touched.
    const auto before = QFileInfo(pth).lastModified();
    list->renameCurrent(QStringLiteral("Watercolour"));
    QTRY_COMPARE_WITH_TIMEOUT(list->models().first().name, QStringLiteral("Watercolour"), 10000);
    list->removeCurrent();
    QTRY_COMPARE_WITH_TIMEOUT(list->models().size(), 0, 10000);
    QVERIFY(!QFileInfo::exists(model.path));
    QCOMPARE(tv->modelFile(), QString()); // back to the project's model
    QCOMPARE(QFileInfo(pth).lastModified(), before);

    // A file that is not a CycleGAN generator is refused with a sentence, and nothing is added.
    QSignalSpy failedImport(studio.modelLibrary(), &app::ModelLibrary::failed);
    Q_EMIT studio.window()->importModelRequested(QStringLiteral(CYCLESTUDIO_PTH_FIXTURES "/bad_unet.pth"));
    QTRY_COMPARE_WITH_TIMEOUT(failedImport.count(), 1, 30000);
    QVERIFY(failedImport.first().at(0).toString().contains(QStringLiteral("U-Net")));
    QCOMPARE(list->models().size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, 10000); // and the user was told
}

// A project from the new-project wizard: its pictures, its preset and schedule, and the styles' names,
// which the window shows, Edit → Name the Styles… changes (an unsaved change until saved) and the
// project keeps.
void TestStudio::wizardProjectKeepsItsStyleNames()
{
    ui::NewProjectRequest request;
    request.dir = QString::fromStdString(testdata::path(m_dir, "named").u8string());
    request.names = {QStringLiteral("Photos"), QStringLiteral("Watercolours")};
    request.sourcesA = {QString::fromStdString(testdata::path(m_dir, "data/A").u8string())};
    request.sourcesB = {QString::fromStdString(testdata::path(m_dir, "data/B").u8string())};
    request.settings = app::toSettings(testdata::tinyOptions(), engine::Preset::Custom);
    request.settings.epochs = 3;
    request.settings.epochsDecay = 2;
    {
        app::Studio studio;
        auto *w = studio.window();
        w->setUnattended(true); // refusals go to the status bar
        QVERIFY(w->isWelcomeShown());
        QVERIFY(studio.createProject(request));
        QVERIFY(!w->isWelcomeShown());
        QCOMPARE(w->tabs()->currentWidget(), w->trainPanel());
        QCOMPARE(w->domainA()->title(), QStringLiteral("Photos"));
        QCOMPARE(w->domainB()->imageCount(), 6);
        QCOMPARE(w->trainPanel()->settings().epochsDecay, 2);
        const auto project = engine::Project::open(testdata::path(m_dir, "named"));
        QCOMPARE(project.nameA, std::string("Photos"));
        QCOMPARE(project.nameB, std::string("Watercolours"));
        QCOMPARE(project.options.epochs, 3);
        // Renamed by the user: unsaved until saved.
        w->setStyleNames({QStringLiteral("Sketches"), QStringLiteral("Paintings")});
        Q_EMIT w->styleNamesEdited();
        QVERIFY(studio.isModified());
        QVERIFY(studio.save());
        QVERIFY(!studio.isModified());
        // A name the engine refuses is a sentence, and the project keeps the old ones.
        w->setStyleNames({QStringLiteral("Same"), QStringLiteral("same")});
        QVERIFY(!studio.save());
        QVERIFY(w->statusText().contains(QStringLiteral("Two styles are called")));
    }
    app::Studio studio;
    studio.window()->setUnattended(true);
    QVERIFY(studio.openProject(request.dir));
    QCOMPARE(studio.window()->styleNames().a, QStringLiteral("Sketches"));
    QCOMPARE(studio.window()->domainB()->title(), QStringLiteral("Paintings"));
    // A folder that is a project already is refused with a sentence.
    QVERIFY(!studio.createProject(request));
}

QTEST_MAIN(TestStudio)
#include "tst_studio.moc"
