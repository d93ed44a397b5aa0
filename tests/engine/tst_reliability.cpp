// Never losing a user's training: checkpoints ordered by their header, damaged and foreign ones moved
// aside and never pushing out good ones, non-finite weights refused and divergence stopped, a loss
// history never restarted silently, one writer per project, orphan temporary files removed, every wrong
// value in project.json named, and fuzzed project files and checkpoints refused with a sentence.

#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/project/checkpoint.h"
#include "engine/project/project.h"
#include "engine/training/trainer.h"
#include "engine/translation/translator.h"
#include "models/cyclegan.h"
#include "project/checkpointio.h"
#include "training/cyclegantrainer.h"
#include "tests/testdata.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <fstream>
#include <functional>
#include <random>

#include <unistd.h>

using namespace engine;
namespace fs = std::filesystem;

class TestReliability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void checkpointsAreOrderedByTheirHeader();
    void foreignCheckpointsAreRefused();
    void noUsableCheckpointNeedsARestart();
    void stoppedBeforeTheFirstCheckpointStartsAgain();
    void nonFiniteWeightsAreRefused();
    void divergenceStopsWithoutSaving();
    void oneTrainerPerProject();
    void orphanTempFilesAreRemoved();
    void projectFileErrorsNameTheField_data();
    void projectFileErrorsNameTheField();
    void fuzzedProjectFilesAreRefusedWithASentence();
    void bitFlipsInCheckpointsAreDetected();

private:
    fs::path newProject(const char *name, int checkpointEvery = 5);
    static int rows(const fs::path &csv);
    static std::string read(const fs::path &file);
    QTemporaryDir m_dir;
    RuntimeOptions m_runtime;
};

void TestReliability::initTestCase()
{
    QVERIFY(m_dir.isValid());
    testdata::makeDomains(testdata::path(m_dir, "data"));
    m_runtime = testdata::testRuntime();
    m_runtime.threads = 2;
}

fs::path TestReliability::newProject(const char *name, int checkpointEvery)
{
    auto o = testdata::tinyOptions();
    o.checkpointEvery = checkpointEvery;
    const auto dir = testdata::path(m_dir, name);
    Project::create(dir, {testdata::path(m_dir, "data/A")}, {testdata::path(m_dir, "data/B")}, o, "custom");
    return dir;
}

int TestReliability::rows(const fs::path &csv)
{
    std::ifstream in(csv);
    std::string line;
    int n = -1; // the header
    while (std::getline(in, line))
        n += line.empty() ? 0 : 1;
    return n;
}

std::string TestReliability::read(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void TestReliability::checkpointsAreOrderedByTheirHeader()
{
    const auto dir = newProject("ordered");
    CycleGanTrainer(dir, m_runtime).train(12); // checkpoints 5, 10, 12
    // Damaged files whose names say later iterations must not win, nor push out the good ones.
    for (const char *name : {"ckpt_00000100.ckpt", "ckpt_00000200.ckpt", "ckpt_00000300.ckpt", "ckpt_00000400.ckpt",
                             "ckpt_99999999999999999999.ckpt"}) {
        const auto good = read(dir / "checkpoints" / "ckpt_00000012.ckpt");
        std::ofstream(dir / "checkpoints" / name, std::ios::binary) << good.substr(0, good.size() / 2);
    }
    std::vector<std::string> warnings;
    TrainerCallbacks cb;
    cb.warning = [&](const std::string &w) { warnings.push_back(w); };
    {
        CycleGanTrainer t(dir, m_runtime, cb);
        QCOMPARE(t.iteration(), std::int64_t(12));
        QCOMPARE(warnings.size(), size_t(5)); // each damaged file reported once
        t.train(3);                           // checkpoint 15; pruning keeps the newest valid ones
    }
    std::vector<std::string> names;
    for (const auto &f : Project::open(dir).checkpoints())
        names.push_back(f.filename().string());
    QCOMPARE(names, (std::vector<std::string>{"ckpt_00000005.ckpt", "ckpt_00000010.ckpt", "ckpt_00000012.ckpt", "ckpt_00000015.ckpt"}));
    QVERIFY(fs::exists(dir / "checkpoints" / "damaged" / "ckpt_00000400.ckpt"));
    QVERIFY(read(dir / "checkpoints" / "damaged" / "ckpt_00000400.ckpt.txt").find("damaged or truncated") != std::string::npos);
    QCOMPARE(rows(dir / "logs" / "losses.csv"), 15);
    // Reported once: the next run finds nothing to complain about.
    warnings.clear();
    QCOMPARE(CycleGanTrainer(dir, m_runtime, cb).iteration(), std::int64_t(15));
    QVERIFY(warnings.empty());
}

void TestReliability::foreignCheckpointsAreRefused()
{
    const auto other = newProject("other", 1);
    CycleGanTrainer(other, m_runtime).train(1);
    const auto dir = newProject("own");
    CycleGanTrainer(dir, m_runtime).train(12);
    fs::copy_file(other / "checkpoints" / "ckpt_00000001.ckpt", dir / "checkpoints" / "ckpt_00000050.ckpt");
    std::vector<std::string> warnings;
    TrainerCallbacks cb;
    cb.warning = [&](const std::string &w) { warnings.push_back(w); };
    {
        CycleGanTrainer t(dir, m_runtime, cb);
        QCOMPARE(t.iteration(), std::int64_t(12));
        QCOMPARE(warnings.size(), size_t(1));
        QVERIFY2(warnings[0].find("another project") != std::string::npos, warnings[0].c_str());
        t.train(1);
    }
    QCOMPARE(rows(dir / "logs" / "losses.csv"), 13);
    QVERIFY(fs::exists(dir / "checkpoints" / "ckpt_00000013.ckpt"));

    // A checkpoint written before projects had ids belongs only if its name agrees with its header.
    auto loaded = loadCheckpointModel(dir / "checkpoints" / "ckpt_00000013.ckpt", ComputeDevice::Cpu);
    CheckpointInfo info = loaded.info;
    info.projectId.clear();
    saveCheckpoint(dir / "checkpoints" / "ckpt_00000099.ckpt", *loaded.model, info); // holds 13
    warnings.clear();
    QCOMPARE(CycleGanTrainer(dir, m_runtime, cb).iteration(), std::int64_t(13));
    QCOMPARE(warnings.size(), size_t(1));
    QVERIFY2(warnings[0].find("copied or renamed") != std::string::npos, warnings[0].c_str());
}

void TestReliability::noUsableCheckpointNeedsARestart()
{
    const auto dir = newProject("restart");
    CycleGanTrainer(dir, m_runtime).train(12);
    for (const auto &f : Project::open(dir).checkpoints())
        fs::resize_file(f, 100);
    const auto history = read(dir / "logs" / "losses.csv");
    try {
        openTrainer(dir, m_runtime);
        QFAIL("trained from scratch over a loss history");
    } catch (const RestartNeeded &e) {
        QVERIFY2(std::string(e.what()).find("--restart") != std::string::npos, e.what());
    }
    QCOMPARE(read(dir / "logs" / "losses.csv"), history); // untouched
    QVERIFY(Project::open(dir).checkpoints().empty());     // the damaged ones are aside
    QCOMPARE(fs::directory_iterator(dir / "checkpoints" / "damaged") != fs::directory_iterator(), true);
    // Asked a second time, still refused: the history is still there.
    QVERIFY_THROWS_EXCEPTION(RestartNeeded, openTrainer(dir, m_runtime));
    // Restart keeps the old history beside the new one.
    auto t = openTrainer(dir, m_runtime, {}, TrainStart::Restart);
    QCOMPARE(t->iteration(), std::int64_t(0));
    t->train(2);
    QCOMPARE(read(dir / "logs" / "losses-before-restart.csv"), history);
    QCOMPARE(rows(dir / "logs" / "losses.csv"), 2);
}

// A run killed before its first checkpoint leaves a log and nothing to resume: the next run starts on
// its own, with the old log kept aside, rather than asking for a restart there is nothing to lose by.
void TestReliability::stoppedBeforeTheFirstCheckpointStartsAgain()
{
    const auto dir = newProject("unsaved");
    CycleGanTrainer(dir, m_runtime).train(3);
    for (const auto &f : Project::open(dir).checkpoints())
        fs::remove(f); // as if the kill came before the checkpoint was written
    const auto history = read(dir / "logs" / "losses.csv");
    std::vector<std::string> warnings;
    TrainerCallbacks cb;
    cb.warning = [&](const std::string &w) { warnings.push_back(w); };
    auto t = openTrainer(dir, m_runtime, cb);
    QCOMPARE(t->iteration(), std::int64_t(0));
    QCOMPARE(warnings.size(), size_t(1));
    QVERIFY2(warnings[0].find("before its first checkpoint") != std::string::npos, warnings[0].c_str());
    QCOMPARE(read(dir / "logs" / "losses-before-restart.csv"), history);
    t->train(2);
    QCOMPARE(rows(dir / "logs" / "losses.csv"), 2);
}

void TestReliability::nonFiniteWeightsAreRefused()
{
    const auto dir = newProject("nan", 2);
    CycleGanTrainer(dir, m_runtime).train(4); // checkpoints 2 and 4
    // A checkpoint with a NaN weight (written around the engine's own check) is refused when loaded.
    auto loaded = loadCheckpointModel(dir / "checkpoints" / "ckpt_00000004.ckpt", ComputeDevice::Cpu);
    {
        torch::NoGradGuard noGrad;
        loaded.model->G_A->parameters().front()[0][0][0][0] = std::nan("");
    }
    QVERIFY_THROWS_EXCEPTION(Error, saveCheckpoint(dir / "checkpoints" / "ckpt_00000006.ckpt", *loaded.model, loaded.info));
    QVERIFY(!fs::exists(dir / "checkpoints" / "ckpt_00000006.ckpt"));
    torch::serialize::OutputArchive archive;
    writeArchiveHeader(archive, kCheckpointFormat,
                       nlohmann::json{{"version", 1}, {"iteration", 6}, {"settings", loaded.info.options}, {"project_id", loaded.info.projectId}}
                           .dump());
    torch::serialize::OutputArchive state;
    loaded.model->save(state);
    archive.write("state", state);
    writeArchiveAtomic(archive, dir / "checkpoints" / "ckpt_00000006.ckpt");
    try {
        loadCheckpointModel(dir / "checkpoints" / "ckpt_00000006.ckpt", ComputeDevice::Cpu);
        QFAIL("a NaN checkpoint was loaded");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("not finite") != std::string::npos, e.what());
    }
    // Training falls back to the last finite one and moves the NaN one aside.
    QCOMPARE(CycleGanTrainer(dir, m_runtime).iteration(), std::int64_t(4));
    QVERIFY(fs::exists(dir / "checkpoints" / "damaged" / "ckpt_00000006.ckpt"));

    // A shared model file with a NaN weight is refused, not translated to black.
    const auto csm = testdata::path(m_dir, "nan.csm");
    ModelFileInfo modelInfo;
    modelInfo.model = loaded.info.options.model;
    modelInfo.trainedSize = 32;
    saveGeneratorFile(csm, *loaded.model->G_A, modelInfo);
    QVERIFY_THROWS_EXCEPTION(Error, openTranslator(ModelFile{csm}, Direction::AtoB, m_runtime));
}

void TestReliability::divergenceStopsWithoutSaving()
{
    const auto dir = newProject("diverge", 2);
    CycleGanTrainer(dir, m_runtime).train(2);
    {
        CycleGanTrainer t(dir, m_runtime);
        {
            torch::NoGradGuard noGrad;
            t.model().G_A->parameters().front().fill_(std::numeric_limits<float>::infinity());
        }
        try {
            t.train(4);
            QFAIL("trained on with infinite weights");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("diverged") != std::string::npos, e.what());
        }
    }
    // No checkpoint was written over the good one, and no non-finite row reached the log.
    QCOMPARE(Project::open(dir).checkpoints().size(), size_t(1));
    QCOMPARE(rows(dir / "logs" / "losses.csv"), 2);
    QCOMPARE(CycleGanTrainer(dir, m_runtime).iteration(), std::int64_t(2));
}

void TestReliability::oneTrainerPerProject()
{
    const auto dir = newProject("locked");
    {
        CycleGanTrainer first(dir, m_runtime);
        try {
            CycleGanTrainer second(dir, m_runtime);
            QFAIL("two trainers on one project");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("process " + std::to_string(::getpid())) != std::string::npos, e.what());
        }
    }
    CycleGanTrainer again(dir, m_runtime); // released with its holder
    QCOMPARE(again.iteration(), std::int64_t(0));
}

void TestReliability::orphanTempFilesAreRemoved()
{
    const auto dir = newProject("orphans");
    const auto dead = dir / "checkpoints" / "ckpt_00000005.ckpt.tmp-999999999-1"; // no such process
    const auto legacy = dir / "checkpoints" / "ckpt_00000007.ckpt.tmp-123456";    // older versions' names
    const auto alive = dir / ("project.json.tmp-" + std::to_string(::getpid()) + "-7"); // a write in progress
    for (const auto &f : {dead, legacy, alive})
        std::ofstream(f) << "partial";
    CycleGanTrainer t(dir, m_runtime);
    QVERIFY(!fs::exists(dead));
    QVERIFY(!fs::exists(legacy));
    QVERIFY(fs::exists(alive));
}

void TestReliability::projectFileErrorsNameTheField_data()
{
    QTest::addColumn<QString>("edit"); // JSON merged into a valid project.json
    QTest::addColumn<QString>("named");
    QTest::newRow("version as text") << R"({"version": "1"})" << "version";
    QTest::newRow("version null") << R"({"version": null})" << "version";
    QTest::newRow("format a number") << R"({"format": -1})" << "format";
    QTest::newRow("domains a number") << R"({"domains": 5})" << "domains";
    QTest::newRow("domain A a text") << R"({"domains": {"A": "x", "B": []}})" << "\"A\"";
    QTest::newRow("lambda as text") << R"({"settings": {"lambda_A": "ten"}})" << "lambda_A";
    QTest::newRow("lambda null (written for infinity)") << R"({"settings": {"lambda_A": null}})" << "lambda_A";
    QTest::newRow("seed negative") << R"({"settings": {"seed": -1}})" << "seed";
    QTest::newRow("epochs too large") << R"({"settings": {"n_epochs": 1e12}})" << "n_epochs";
    QTest::newRow("blocks fractional") << R"({"settings": {"model": {"blocks": 2.5}}})" << "blocks";
    QTest::newRow("beta1 out of range") << R"({"settings": {"beta1": 2}})" << "beta1";
    QTest::newRow("flip a number") << R"({"settings": {"flip": 1}})" << "flip";
    QTest::newRow("settings a list") << R"({"settings": [1, 2]})" << "settings";
    QTest::newRow("mode unknown") << R"({"mode": "both"})" << "mode";
}

void TestReliability::projectFileErrorsNameTheField()
{
    QFETCH(QString, edit);
    QFETCH(QString, named);
    const auto dir = testdata::path(m_dir, "fields");
    fs::remove_all(dir);
    Project::create(dir, {testdata::path(m_dir, "data/A")}, {testdata::path(m_dir, "data/B")}, testdata::tinyOptions(), "custom");
    auto j = nlohmann::json::parse(read(dir / "project.json"));
    // Like a merge patch, except that null is written as null (a merge patch would delete the entry).
    std::function<void(nlohmann::json &, const nlohmann::json &)> apply = [&](nlohmann::json &to, const nlohmann::json &patch) {
        for (const auto &item : patch.items()) {
            if (item.value().is_object() && to.contains(item.key()) && to[item.key()].is_object())
                apply(to[item.key()], item.value());
            else
                to[item.key()] = item.value();
        }
    };
    apply(j, nlohmann::json::parse(edit.toStdString()));
    std::ofstream(dir / "project.json") << j.dump();
    try {
        Project::open(dir);
        QFAIL("accepted");
    } catch (const Error &e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(named), e.what());
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("project.json")), e.what());
    }
}

// A bounded fuzz loop: random byte changes, insertions and cuts of a valid project.json. Each either opens
// or is refused with engine::Error; nothing else escapes (no library exception, no crash).
void TestReliability::fuzzedProjectFilesAreRefusedWithASentence()
{
    const auto dir = newProject("fuzz");
    const std::string valid = read(dir / "project.json");
    std::mt19937 rng(2024);
    int opened = 0, refused = 0;
    for (int i = 0; i < 400; ++i) {
        std::string bytes = valid;
        const int edits = 1 + int(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const size_t at = rng() % bytes.size();
            switch (rng() % 4) {
            case 0: bytes[at] = char(rng() % 256); break;
            case 1: bytes.insert(at, 1, "{}[]\",:0-9e.tfn"[rng() % 15]); break;
            case 2: bytes.erase(at, 1 + rng() % 8); break;
            default: bytes.resize(at); break;
            }
            if (bytes.empty())
                bytes = "{";
        }
        std::ofstream(dir / "project.json", std::ios::binary | std::ios::trunc) << bytes;
        try {
            Project::open(dir);
            ++opened;
        } catch (const Error &) {
            ++refused;
        }
    }
    qInfo("400 fuzzed project files: %d opened, %d refused with a sentence, 0 other failures", opened, refused);
    QCOMPARE(opened + refused, 400);
}

// Single bit flips anywhere in a checkpoint: a file that still loads must hold exactly the same weights.
void TestReliability::bitFlipsInCheckpointsAreDetected()
{
    const auto dir = newProject("flips", 1);
    CycleGanTrainer(dir, m_runtime).train(1);
    const auto file = dir / "checkpoints" / "ckpt_00000001.ckpt";
    const std::string valid = read(file);
    const auto reference = loadCheckpointModel(file, ComputeDevice::Cpu);
    const auto target = testdata::path(m_dir, "flipped.ckpt");
    std::mt19937 rng(7);
    int refused = 0, harmless = 0, silent = 0;
    for (int i = 0; i < 200; ++i) {
        std::string bytes = valid;
        bytes[rng() % bytes.size()] ^= char(1 << (rng() % 8));
        std::ofstream(target, std::ios::binary | std::ios::trunc) << bytes;
        try {
            const auto loaded = loadCheckpointModel(target, ComputeDevice::Cpu);
            bool same = true;
            for (auto [a, b] : {std::pair{reference.model->G_A.get(), loaded.model->G_A.get()}, std::pair{reference.model->G_B.get(), loaded.model->G_B.get()}})
                for (size_t p = 0; p < a->parameters().size(); ++p)
                    same = same && a->parameters()[p].equal(b->parameters()[p]);
            for (auto [a, b] : {std::pair{reference.model->D_A.get(), loaded.model->D_A.get()}, std::pair{reference.model->D_B.get(), loaded.model->D_B.get()}})
                for (size_t p = 0; p < a->parameters().size(); ++p)
                    same = same && a->parameters()[p].equal(b->parameters()[p]);
            (same ? harmless : silent) += 1;
        } catch (const Error &) {
            ++refused;
        }
    }
    qInfo("200 single-bit flips: %d refused, %d in bytes that change nothing (zip timestamps, names), %d silent corruptions", refused,
          harmless, silent);
    QCOMPARE(silent, 0);
    QVERIFY(refused > 150);
}

QTEST_APPLESS_MAIN(TestReliability)
#include "tst_reliability.moc"
