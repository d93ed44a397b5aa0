// The window with damaged or hostile project files: no abort on any project.json, a damaged model file
// refused when chosen (not "Ready"), a loss history never restarted without asking, unattended runs
// that never wait on a dialog, and a stop signal that saves the training before the window closes.

#include "app/gui/modellibrary.h"
#include "app/gui/studio.h"
#include "app/gui/translateworker.h"
#include "engine/project/project.h"
#include "engine/training/losslog.h"
#include "tests/testdata.h"
#include "ui/mainwindow.h"
#include "ui/trainpanel.h"
#include "ui/translateview.h"

#include <QSettings>
#include <QSignalSpy>
#include <QtTest/QtTest>

#include <csignal>
#include <fstream>

namespace fs = std::filesystem;

class TestStudioReliability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void wrongProjectFilesAreRefusedWithASentence_data();
    void wrongProjectFilesAreRefusedWithASentence();
    void damagedModelFileIsRefusedWhenChosen();
    void historyIsNotRestartedWithoutAsking();
    void stopSignalSavesTrainingThenCloses_data();
    void stopSignalSavesTrainingThenCloses();

private:
    QString newProject(const char *name, int checkpointEvery = 2);
    QTemporaryDir m_dir;
};

void TestStudioReliability::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    testdata::makeDomains(testdata::path(m_dir, "data"));
}

QString TestStudioReliability::newProject(const char *name, int checkpointEvery)
{
    auto o = testdata::tinyOptions();
    o.checkpointEvery = checkpointEvery;
    const auto dir = testdata::path(m_dir, name);
    fs::remove_all(dir);
    engine::Project::create(dir, {testdata::path(m_dir, "data/A")}, {testdata::path(m_dir, "data/B")}, o, "custom");
    return QString::fromStdString(dir.u8string());
}

void TestStudioReliability::wrongProjectFilesAreRefusedWithASentence_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("named");
    QTest::newRow("version as text") << QByteArray(R"({"format": "cyclestudio-project", "version": "1"})") << "version";
    QTest::newRow("version null") << QByteArray(R"({"format": "cyclestudio-project", "version": null})") << "version";
    QTest::newRow("format a number") << QByteArray(R"({"format": -1, "version": 1})") << "format";
    QTest::newRow("not JSON") << QByteArray("{\"format\": ") << "JSON";
    QTest::newRow("a list") << QByteArray("[1, 2, 3]") << "project file";
}

void TestStudioReliability::wrongProjectFilesAreRefusedWithASentence()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, named);
    const QString dir = newProject("wrong");
    std::ofstream(fs::u8path(dir.toStdString()) / "project.json", std::ios::trunc) << json.toStdString();
    app::Studio studio;
    studio.window()->setUnattended(true); // an error goes to the status bar, not a dialog that waits
    QVERIFY(!studio.openProject(dir));
    QVERIFY2(studio.window()->statusText().contains(named), qPrintable(studio.window()->statusText()));
    QVERIFY(studio.projectDir().isEmpty());
}

void TestStudioReliability::damagedModelFileIsRefusedWhenChosen()
{
    const QString dir = newProject("model source");
    app::Studio studio;
    QVERIFY(studio.openProject(dir));
    auto settings = studio.window()->trainPanel()->settings();
    settings.device = ui::Device::Cpu;
    QSignalSpy finished(&studio, &app::Studio::trainingFinished);
    studio.startTraining(settings, 2);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    const auto model = testdata::path(m_dir, "cut.csm");
    {
        // Export, then cut the file in half: a download that did not finish.
        QSignalSpy exported(studio.modelLibrary(), &app::ModelLibrary::exported);
        QMetaObject::invokeMethod(studio.modelLibrary(), [&] {
            studio.modelLibrary()->exportModel(dir, ui::Direction::AtoB, ui::ModelFormat::Csm, QString::fromStdString(model.u8string()));
        });
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 30000);
    }
    fs::resize_file(model, fs::file_size(model) / 2);
    QSignalSpy problem(studio.translateWorker(), &app::TranslateWorker::modelProblem);
    auto *tv = studio.window()->translateView();
    tv->setModelFile(QString::fromStdString(model.u8string()));
    QTRY_COMPARE_WITH_TIMEOUT(problem.count(), 1, 30000);
    QVERIFY(problem.first().at(1).toString().contains(QStringLiteral("damaged or truncated")));
    QTRY_VERIFY_WITH_TIMEOUT(tv->modelFile().isEmpty(), 10000); // back to the project's model (a queued call on this thread)
}

void TestStudioReliability::historyIsNotRestartedWithoutAsking()
{
    const QString dir = newProject("history");
    const auto path = fs::u8path(dir.toStdString());
    app::Studio studio;
    QVERIFY(studio.openProject(dir));
    auto settings = studio.window()->trainPanel()->settings();
    settings.device = ui::Device::Cpu;
    QSignalSpy finished(&studio, &app::Studio::trainingFinished);
    studio.startTraining(settings, 4);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    for (const auto &f : engine::Project::open(path).checkpoints())
        fs::resize_file(f, 64);
    std::ifstream in(path / "logs" / "losses.csv");
    const std::string history((std::istreambuf_iterator<char>(in)), {});
    // Nobody is there to answer: the safe answer is no, and nothing is overwritten.
    studio.window()->setUnattended(true);
    studio.startTraining(settings, 2);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
    QVERIFY(!studio.isTraining());
    std::ifstream again(path / "logs" / "losses.csv");
    QCOMPARE(std::string((std::istreambuf_iterator<char>(again)), {}), history);
    QVERIFY(!fs::exists(path / "logs" / "losses-before-restart.csv"));
}

void TestStudioReliability::stopSignalSavesTrainingThenCloses_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM (a service manager, a logout)") << int(SIGTERM);
    QTest::newRow("SIGHUP (the terminal closed)") << int(SIGHUP);
    QTest::newRow("SIGINT (Ctrl-C in the terminal)") << int(SIGINT);
}

// The application itself, training a project: a stop signal ends the run with a checkpoint at the iteration it
// stopped at, as closing the window does, and the program exits normally. Without it the signal's default
// action ended the process at once, and everything since the last checkpoint was lost.
void TestStudioReliability::stopSignalSavesTrainingThenCloses()
{
    QFETCH(int, signal);
    const QString dir = newProject("signalled", 100000); // only the stop makes a checkpoint
    const auto path = fs::u8path(dir.toStdString());
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config"))); // not the user's settings
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CYCLESTUDIO_APP), {dir, QStringLiteral("--train"), QStringLiteral("100000")});
    QVERIFY(p.waitForStarted());
    const auto log = path / "logs" / "losses.csv";
    QTRY_VERIFY_WITH_TIMEOUT(fs::exists(log) && engine::readLossLog(log).rows.size() >= 2, 60000);
    ::kill(pid_t(p.processId()), signal);
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    const auto checkpoints = engine::Project::open(path).checkpoints();
    QCOMPARE(checkpoints.size(), size_t(1));
    const auto rows = engine::readLossLog(log).rows;
    QVERIFY(checkpoints.front().filename().string().find(std::to_string(rows.back().iteration)) != std::string::npos);
}

QTEST_MAIN(TestStudioReliability)
#include "tst_studio_reliability.moc"
