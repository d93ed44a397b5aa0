// Checkpoint and model files: atomic writes, and clear errors for damaged, foreign or newer files.

#include "engine/core/atomicfile.h"
#include "engine/project/checkpoint.h"
#include "project/checkpointio.h"
#include "models/cyclegan.h"
#include "engine/core/error.h"
#include "engine/core/imageio.h"
#include "engine/project/project.h"
#include "tests/testdata.h"

#include <QtTest/QtTest>

#include <fstream>
#include <unistd.h>

using namespace engine;
namespace fs = std::filesystem;

class TestCheckpoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }
    void roundTripRestoresEverything();
    void failureMidWriteKeepsPreviousFile();
    void truncatedCheckpointIsRefused();
    void foreignFilesAreRefused();
    void modelFileIsNotACheckpoint();
    void mismatchedNetworkIsRefused();
    void unwritableLocationsSaySo();
    void projectFileErrors();

private:
    QString errorOf(const std::function<void()> &fn)
    {
        try {
            fn();
        } catch (const Error &e) {
            return QString::fromStdString(e.what());
        }
        return {};
    }
    QTemporaryDir m_dir;
};

void TestCheckpoint::roundTripRestoresEverything()
{
    const auto o = testdata::tinyOptions();
    CycleGanModel a(o, torch::kCPU, 1);
    for (int i = 0; i < 3; ++i)
        a.step(torch::rand({1, 3, 32, 32}), torch::rand({1, 3, 32, 32}));
    const auto path = testdata::path(m_dir, "c.ckpt");
    saveCheckpoint(path, a, {o, 3, {}, {}});
    CycleGanModel b(o, torch::kCPU, 99);
    const auto info = loadCheckpoint(path, b);
    QCOMPARE(info.iteration, std::int64_t(3));
    QCOMPARE(info.options.seed, o.seed);
    QCOMPARE(b.poolA.images().size(), size_t(3));
    QVERIFY(b.poolA.images()[1].equal(a.poolA.images()[1]));
    QVERIFY(b.rng() == a.rng());
    // Same next step, bit for bit, from both.
    const auto x = torch::rand({1, 3, 32, 32}), y = torch::rand({1, 3, 32, 32});
    const auto la = a.step(x, y), lb = b.step(x, y);
    QCOMPARE(la["D_A"], lb["D_A"]);
    QCOMPARE(la["cycle_B"], lb["cycle_B"]);
}

void TestCheckpoint::failureMidWriteKeepsPreviousFile()
{
    const auto path = testdata::path(m_dir, "keep.ckpt");
    writeFileAtomic(path, "the previous checkpoint");
    setAtomicWriteHookForTesting([](const fs::path &) { throw std::runtime_error("simulated crash"); });
    const auto o = testdata::tinyOptions();
    CycleGanModel m(o, torch::kCPU, 1);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, saveCheckpoint(path, m, {o, 1, {}, {}}));
    setAtomicWriteHookForTesting({});
    QCOMPARE(readFileBytes(path), std::string("the previous checkpoint"));
    int files = 0;
    for (const auto &e : fs::directory_iterator(path.parent_path()))
        files += e.path().filename().string().rfind("keep.ckpt", 0) == 0;
    QCOMPARE(files, 1); // no temporary left behind
}

void TestCheckpoint::truncatedCheckpointIsRefused()
{
    const auto o = testdata::tinyOptions();
    CycleGanModel m(o, torch::kCPU, 1);
    const auto path = testdata::path(m_dir, "t.ckpt");
    saveCheckpoint(path, m, {o, 1, {}, {}});
    fs::resize_file(path, fs::file_size(path) * 2 / 3);
    const auto message = errorOf([&] { loadCheckpoint(path, m); });
    QVERIFY2(message.contains("damaged or truncated"), qPrintable(message));
    QVERIFY(message.contains("t.ckpt"));
}

void TestCheckpoint::foreignFilesAreRefused()
{
    const auto png = testdata::path(m_dir, "picture.ckpt");
    writeFileAtomic(png, encodeImage(Image(4, 4), ".png"));
    QVERIFY(errorOf([&] { readCheckpointInfo(png); }).contains("not a CycleStudio checkpoint"));
    const auto empty = testdata::path(m_dir, "empty.ckpt");
    std::ofstream(empty).close();
    QVERIFY(errorOf([&] { readCheckpointInfo(empty); }).contains("not a CycleStudio checkpoint"));
    // A LibTorch archive from somewhere else (no format entry).
    torch::serialize::OutputArchive other;
    other.write("weight", torch::ones({2}));
    const auto foreign = testdata::path(m_dir, "foreign.pt");
    writeArchiveAtomic(other, foreign);
    QVERIFY(errorOf([&] { readCheckpointInfo(foreign); }).contains("is not a CycleStudio file"));
    // A newer format version.
    torch::serialize::OutputArchive newer;
    newer.write("format", c10::IValue(std::string("cyclestudio-checkpoint")));
    newer.write("header", c10::IValue(std::string(R"({"version": 99, "created_with": "CycleStudio 9.0"})")));
    const auto future = testdata::path(m_dir, "future.ckpt");
    writeArchiveAtomic(newer, future);
    QVERIFY(errorOf([&] { readCheckpointInfo(future); }).contains("newer version"));
}

void TestCheckpoint::modelFileIsNotACheckpoint()
{
    const auto o = testdata::tinyOptions();
    CycleGanModel m(o, torch::kCPU, 1);
    const auto model = testdata::path(m_dir, "g.csm");
    saveGeneratorFile(model, *m.G_A, {o.model, Direction::AtoB, 32, 0, {}, {}, {}});
    QVERIFY(errorOf([&] { readCheckpointInfo(model); }).contains("not a checkpoint"));
    const auto ckpt = testdata::path(m_dir, "real.ckpt");
    saveCheckpoint(ckpt, m, {o, 0, {}, {}});
    QVERIFY(errorOf([&] { readGeneratorFileInfo(ckpt); }).contains("not a model file"));
}

void TestCheckpoint::mismatchedNetworkIsRefused()
{
    auto o = testdata::tinyOptions();
    CycleGanModel m(o, torch::kCPU, 1);
    const auto model = testdata::path(m_dir, "g8.csm");
    saveGeneratorFile(model, *m.G_A, {o.model, Direction::AtoB, 32, 0, {}, {}, {}});
    auto other = o.model;
    other.ngf = 16;
    ResnetGenerator wrong(other);
    const auto message = errorOf([&] { loadGeneratorFile(model, *wrong); });
    QVERIFY2(message.contains("do not fit"), qPrintable(message));
}

void TestCheckpoint::unwritableLocationsSaySo()
{
    // A parent that is a file: cannot be written by anybody, root included.
    const auto file = testdata::path(m_dir, "plainfile");
    writeFileAtomic(file, "x");
    QVERIFY(errorOf([&] { writeFileAtomic(file / "child.ckpt", "data"); }).contains("Cannot write"));
    if (::geteuid() == 0)
        QSKIP("running as root: read-only folders are writable");
    const auto ro = testdata::path(m_dir, "readonly");
    fs::create_directories(ro);
    writeFileAtomic(ro / "old.ckpt", "old");
    fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
    QVERIFY(errorOf([&] { writeFileAtomic(ro / "old.ckpt", "new"); }).contains("Cannot write"));
    fs::permissions(ro, fs::perms::owner_all);
    QCOMPARE(readFileBytes(ro / "old.ckpt"), std::string("old"));
}

void TestCheckpoint::projectFileErrors()
{
    const auto dir = testdata::path(m_dir, "proj");
    testdata::makeDomains(dir / "data", 1);
    Project::create(dir, {fs::path("data/A")}, {fs::path("data/B")}, testdata::tinyOptions(), "custom");
    auto p = Project::open(dir);
    QCOMPARE(p.imagesA().size(), size_t(1)); // relative sources resolve against the project
    QVERIFY(errorOf([&] { Project::create(dir, {}, {}, testdata::tinyOptions(), "custom"); }).contains("already a project"));
    writeFileAtomic(dir / "project.json", "{ not json");
    QVERIFY(errorOf([&] { Project::open(dir); }).contains("not valid JSON"));
    writeFileAtomic(dir / "project.json", R"({"format": "cyclestudio-project", "version": 7})");
    QVERIFY(errorOf([&] { Project::open(dir); }).contains("newer version"));
    QVERIFY(errorOf([&] { Project::open(testdata::path(m_dir, "nowhere")); }).contains("not a CycleStudio project"));
}

QTEST_APPLESS_MAIN(TestCheckpoint)
#include "tst_checkpoint.moc"
