// cyclestudio-cli as a hostile or unlucky user meets it: every number checked, exit codes that mean what
// the help says, one trainer per project across processes, graceful stops on SIGTERM and SIGHUP, kill -9
// at random moments while checkpointing (then resume, 20 times), a full disk, and huge or damaged inputs.

#include "engine/core/imageio.h"
#include "engine/project/project.h"
#include "engine/training/losslog.h"
#include "tests/app/clirun.h"
#include "tests/testdata.h"

#include <QProcess>
#include <QtTest/QtTest>

#include <csignal>
#include <fstream>
#include <random>

#include <sys/mount.h>

namespace fs = std::filesystem;
using clitest::cli;
using clitest::q;

class TestCliReliability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void numbersAreChecked_data();
    void numbersAreChecked();
    void exitCodesMeanWhatTheHelpSays();
    void newRefusesUnreadableDomains();
    void directionAndFormatAreNotIgnored();
    void oneTrainerPerProjectAcrossProcesses();
    void terminationStopsGracefully_data();
    void terminationStopsGracefully();
    void killDuringCheckpointsThenResume();
    void fullDiskKeepsTheLastCheckpoint();

private:
    QString newProject(const char *name, const QStringList &extra = {});
    QTemporaryDir m_dir;
};

void TestCliReliability::initTestCase()
{
    QVERIFY(m_dir.isValid());
    testdata::makeDomains(testdata::path(m_dir, "data"), 4, 36);
}

QString TestCliReliability::newProject(const char *name, const QStringList &extra)
{
    const auto dir = testdata::path(m_dir, name);
    fs::remove_all(dir);
    const auto r = cli(QStringList{"new", q(dir), "--domain-a", q(testdata::path(m_dir, "data/A")), "--domain-b",
                                   q(testdata::path(m_dir, "data/B")), "--size", "32", "--load-size", "36", "--ngf", "8", "--ndf", "8",
                                   "--blocks", "1", "--seed", "3"} +
                       extra);
    if (r.code != 0)
        qWarning("%s", qPrintable(r.err));
    return q(dir);
}

void TestCliReliability::numbersAreChecked_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("says");
    const QString p = QStringLiteral("PROJECT");
    QTest::newRow("threads far above the cores") << QStringList{"train", p, "--threads", "100000"} << "--threads";
    QTest::newRow("threads negative") << QStringList{"train", p, "--threads", "-1"} << "--threads";
    QTest::newRow("iterations zero") << QStringList{"train", p, "--iterations", "0"} << "at least 1";
    QTest::newRow("lambda infinite") << QStringList{"new", "NEW", "--lambda-cycle", "inf"} << "finite";
    QTest::newRow("lambda NaN") << QStringList{"new", "NEW", "--lambda-cycle", "nan"} << "finite";
    QTest::newRow("seed negative") << QStringList{"new", "NEW", "--seed", "-1"} << "18446744073709551615";
    QTest::newRow("seed above 64 bits") << QStringList{"new", "NEW", "--seed", "18446744073709551616"} << "18446744073709551615";
    QTest::newRow("size not a multiple of 4") << QStringList{"new", "NEW", "--size", "30"} << "multiple of 4";
    QTest::newRow("format unknown") << QStringList{"translate", "--project", p, "--direction", "AtoB", "--format", "xyz", "-o", "OUT", "IN"}
                                    << "--format";
    QTest::newRow("smoothing above 0.95") << QStringList{"translate", "--project", p, "--direction", "AtoB", "--smooth", "2", "-o",
                                                          "OUT.mp4", "IN.mp4"}
                                          << "--smooth";
}

void TestCliReliability::numbersAreChecked()
{
    QFETCH(QStringList, args);
    QFETCH(QString, says);
    const QString project = newProject("numbers");
    for (auto &a : args) {
        if (a == QLatin1String("PROJECT"))
            a = project;
        else if (a == QLatin1String("NEW"))
            a = q(testdata::path(m_dir, "never"));
        else if (a == QLatin1String("OUT") || a == QLatin1String("OUT.mp4"))
            a = q(testdata::path(m_dir, a.toStdString().c_str()));
        else if (a == QLatin1String("IN") || a == QLatin1String("IN.mp4"))
            a = q(testdata::path(m_dir, "data/A"));
    }
    if (args.first() == QLatin1String("new"))
        args << "--domain-a" << q(testdata::path(m_dir, "data/A")) << "--domain-b" << q(testdata::path(m_dir, "data/B"));
    const auto r = cli(args, 30000);
    QCOMPARE(r.code, 2); // a usage error, not a hang, a crash or a silently changed value
    QVERIFY2(r.err.contains(says), qPrintable(r.err));
    QVERIFY(!fs::exists(testdata::path(m_dir, "never")));
}

void TestCliReliability::exitCodesMeanWhatTheHelpSays()
{
    const QString project = newProject("exits");
    QCOMPARE(cli({"train", project, "--iterations", "2", "--threads", "1"}).code, 0);
    // "--" ends the options: a folder named like an option is an input.
    const auto dashed = testdata::path(m_dir, "-dashed");
    fs::create_directories(dashed);
    fs::copy_file(testdata::path(m_dir, "data/A/a0.png"), dashed / "a0.png");
    const auto out = testdata::path(m_dir, "out");
    auto r = cli({"translate", "--project", project, "--direction", "AtoB", "-o", q(out), "--", q(dashed)});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(fs::exists(out / "a0.png"));
    // Some files not translated: exit 1, each listed; the others written.
    std::ofstream(dashed / "broken.png") << "not an image";
    r = cli({"translate", "--project", project, "--direction", "AtoB", "-o", q(testdata::path(m_dir, "out2")), "--", q(dashed)});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.contains("broken.png"));
    QVERIFY(fs::exists(testdata::path(m_dir, "out2") / "a0.png"));
    // -o naming a folder for a file: a sentence, not "Success".
    r = cli({"export-model", project, "--direction", "AtoB", "-o", q(testdata::path(m_dir, "data"))});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("is a folder"), qPrintable(r.err));
    // A wrong value in project.json: a sentence naming it, exit 1, in every command.
    const auto json = testdata::path(m_dir, "exits") / "project.json";
    std::string text;
    {
        std::ifstream in(json);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    const auto at = text.find("\"beta1\": 0.5");
    QVERIFY(at != std::string::npos);
    std::ofstream(json) << text.substr(0, at) + "\"beta1\": 2" + text.substr(at + 12);
    for (const QStringList &args : {QStringList{"info", project}, QStringList{"train", project}}) {
        r = cli(args);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("beta1") && !r.err.contains("c10") && !r.err.contains("frame #"), qPrintable(r.err));
    }
    r = cli({"info", q(testdata::path(m_dir, "nowhere/project"))});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("nowhere/project"), qPrintable(r.err));
}

void TestCliReliability::newRefusesUnreadableDomains()
{
    const auto bad = testdata::path(m_dir, "unreadable");
    fs::create_directories(bad);
    for (const char *name : {"a.png", "b.jpg"})
        std::ofstream(bad / name) << "not an image";
    const auto r = cli({"new", q(testdata::path(m_dir, "never2")), "--domain-a", q(bad), "--domain-b", q(testdata::path(m_dir, "data/B"))});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("can be read"), qPrintable(r.err));
    QVERIFY(!fs::exists(testdata::path(m_dir, "never2")));
}

void TestCliReliability::directionAndFormatAreNotIgnored()
{
    const QString project = newProject("direction");
    QCOMPARE(cli({"train", project, "--iterations", "1", "--threads", "1"}).code, 0);
    const auto model = testdata::path(m_dir, "a2b.csm");
    QCOMPARE(cli({"export-model", project, "--direction", "AtoB", "-o", q(model)}).code, 0);
    auto r = cli({"translate", "--model", q(model), "--direction", "BtoA", "-o", q(testdata::path(m_dir, "o3")), q(testdata::path(m_dir, "data/A"))});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("AtoB"), qPrintable(r.err));
    r = cli({"translate", "--model", q(model), "--direction", "AtoB", "--format", "jpg", "-o", q(testdata::path(m_dir, "o4")),
             q(testdata::path(m_dir, "data/A"))});
    QCOMPARE(r.code, 0);
    QVERIFY(fs::exists(testdata::path(m_dir, "o4") / "a0.jpg"));
}

void TestCliReliability::oneTrainerPerProjectAcrossProcesses()
{
    const QString project = newProject("lock", {"--checkpoint-every", "1000"});
    QProcess first;
    first.start(QStringLiteral(CYCLESTUDIO_CLI), {"train", project, "--threads", "1"});
    QVERIFY(first.waitForStarted());
    // Wait until it trains (its first progress line), then try a second trainer.
    QByteArray seen;
    QTRY_VERIFY_WITH_TIMEOUT((seen += first.readAllStandardError()).contains("iter "), 60000);
    const auto r = cli({"train", project, "--iterations", "1"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(QStringLiteral("process %1").arg(first.processId())), qPrintable(r.err));
    ::kill(pid_t(first.processId()), SIGINT);
    QVERIFY(first.waitForFinished(60000));
    QCOMPARE(first.exitCode(), 130);
    QCOMPARE(cli({"train", project, "--iterations", "1", "--threads", "1"}).code, 0); // released
}

void TestCliReliability::terminationStopsGracefully_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGHUP") << int(SIGHUP);
}

namespace {

// Whether thread `tid` of process `pid` blocks `signal`, from /proc; true where /proc is not there to read.
bool threadBlocks(qint64 pid, qint64 tid, int signal)
{
    QFile status(QStringLiteral("/proc/%1/task/%2/status").arg(pid).arg(tid));
    if (!status.open(QIODevice::ReadOnly))
        return true;
    for (const auto &line : status.readAll().split('\n'))
        if (line.startsWith("SigBlk:"))
            return (line.mid(7).trimmed().toULongLong(nullptr, 16) >> (signal - 1)) & 1;
    return true;
}

} // namespace

void TestCliReliability::terminationStopsGracefully()
{
    QFETCH(int, signal);
    const QString project = newProject("signals", {"--checkpoint-every", "100000"});
    QProcess p;
    p.start(QStringLiteral(CYCLESTUDIO_CLI), {"train", project, "--threads", "1"});
    QVERIFY(p.waitForStarted());
    QByteArray seen;
    QTRY_VERIFY_WITH_TIMEOUT((seen += p.readAllStandardError()).contains("iter "), 60000);
    // The thread that trains does not take the signal: a handler run in the middle of one of oneDNN's GEMM
    // kernels, whose stack pointer then points into the heap, would corrupt it. A thread of their own waits
    // for it (only threads that libraries start before main, such as OpenBLAS's, may still take it).
    QVERIFY(threadBlocks(p.processId(), p.processId(), signal));
    ::kill(pid_t(p.processId()), signal);
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 130);
    // Nothing lost: a checkpoint at the iteration it stopped at, and the log agrees with it.
    const auto dir = fs::u8path(project.toStdString());
    const auto checkpoints = engine::Project::open(dir).checkpoints();
    QCOMPARE(checkpoints.size(), size_t(1));
    const auto rows = engine::readLossLog(dir / "logs" / "losses.csv").rows;
    QVERIFY(!rows.empty());
    QVERIFY(checkpoints.front().filename().string().find(std::to_string(rows.back().iteration)) != std::string::npos);
}

// kill -9 at random moments of a run that checkpoints every iteration; every time the project resumes,
// its newest checkpoint loads, and the loss log has each iteration once.
void TestCliReliability::killDuringCheckpointsThenResume()
{
    const QString project = newProject("killed", {"--checkpoint-every", "1"});
    const auto dir = fs::u8path(project.toStdString());
    std::mt19937 rng(42);
    int resumedFrom = 0;
    for (int round = 0; round < 20; ++round) {
        QProcess p;
        p.start(QStringLiteral(CYCLESTUDIO_CLI), {"train", project, "--threads", "1", "--iterations", "1000"});
        QVERIFY(p.waitForStarted());
        QTest::qWait(int(300 + rng() % 1200));
        ::kill(pid_t(p.processId()), SIGKILL);
        QVERIFY(p.waitForFinished(30000));
        // Resume: one more iteration must work, from at least where the last run resumed.
        const auto r = cli({"train", project, "--iterations", "1", "--threads", "1"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const int at = QString(r.out).section(QLatin1Char('='), 1, 1).section(QLatin1Char(' '), 0, 0).toInt();
        QVERIFY2(at > resumedFrom, qPrintable(r.out));
        resumedFrom = at;
        const auto rows = engine::readLossLog(dir / "logs" / "losses.csv").rows;
        QCOMPARE(int(rows.size()), at);
        for (int i = 0; i < at; ++i)
            QCOMPARE(rows[size_t(i)].iteration, std::int64_t(i + 1));
    }
    qInfo("20 kills during checkpointing; every resume loaded (last at iteration %d)", resumedFrom);
    // Temporary files of the killed writes are gone once a trainer has opened the project.
    for (const auto &entry : fs::directory_iterator(dir / "checkpoints"))
        QVERIFY2(entry.path().filename().string().find(".tmp-") == std::string::npos, entry.path().c_str());
}

// A disk that fills up while checkpointing: the run stops with a sentence and the checkpoint before it
// stays whole. A small tmpfs where the machine lets us mount one.
void TestCliReliability::fullDiskKeepsTheLastCheckpoint()
{
    const auto mountPoint = testdata::path(m_dir, "small-disk");
    fs::create_directories(mountPoint);
    if (::mount("tmpfs", mountPoint.c_str(), "tmpfs", 0, "size=3m") != 0)
        QSKIP("Cannot mount a small tmpfs here (needs root and CAP_SYS_ADMIN); the disk-full test is skipped.");
    struct Unmount
    {
        fs::path p;
        ~Unmount() { ::umount(p.c_str()); }
    } unmount{mountPoint};
    const auto project = mountPoint / "p";
    auto r = cli({"new", q(project), "--domain-a", q(testdata::path(m_dir, "data/A")), "--domain-b", q(testdata::path(m_dir, "data/B")),
                  "--size", "32", "--load-size", "36", "--ngf", "8", "--ndf", "8", "--blocks", "1", "--checkpoint-every", "1",
                  "--preview-every", "1"});
    QCOMPARE(r.code, 0);
    r = cli({"train", q(project), "--iterations", "50", "--threads", "1"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("No space left") || r.err.contains("disk"), qPrintable(r.err));
    // The newest checkpoint on the full disk still loads: training continues from it once there is room.
    const auto checkpoints = engine::Project::open(project).checkpoints();
    QVERIFY(!checkpoints.empty());
    for (const auto &entry : fs::directory_iterator(project / "checkpoints"))
        QVERIFY2(entry.path().filename().string().find(".tmp-") == std::string::npos, entry.path().c_str());
    const auto moved = testdata::path(m_dir, "moved-off-the-full-disk");
    fs::copy(project, moved, fs::copy_options::recursive);
    r = cli({"train", q(moved), "--iterations", "1", "--threads", "1"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    qInfo("disk full after %zu checkpoint(s); the last one loads", checkpoints.size());
}

QTEST_GUILESS_MAIN(TestCliReliability)
#include "tst_cli_reliability.moc"
