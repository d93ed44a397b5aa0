// The window with damaged or hostile project files: no abort on any project.json, a damaged model file
// refused when chosen (not "Ready"), a loss history never restarted without asking, and unattended runs
// that never wait on a dialog.

#include "app/gui/modellibrary.h"
#include "app/gui/studio.h"
#include "app/gui/translateworker.h"
#include "engine/project/project.h"
#include "tests/testdata.h"
#include "ui/mainwindow.h"
#include "ui/trainpanel.h"
#include "ui/translateview.h"

#include <QSettings>
#include <QSignalSpy>
#include <QtTest/QtTest>

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

private:
    QString newProject(const char *name);
    QTemporaryDir m_dir;
};

void TestStudioReliability::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    testdata::makeDomains(testdata::path(m_dir, "data"));
}

QString TestStudioReliability::newProject(const char *name)
{
    auto o = testdata::tinyOptions();
    o.checkpointEvery = 2;
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

QTEST_MAIN(TestStudioReliability)
#include "tst_studio_reliability.moc"
