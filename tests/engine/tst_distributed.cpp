// Training across processes: two ranks on loopback over Gloo, small models. Ranks are real processes
// (cyclestudio-cli train, started with --nproc or with the launcher's environment), and the results are
// read back white-box: weights, the loss log, the checkpoints.

#include "data/sampler.h"
#include "engine/core/error.h"
#include "engine/distributed/world.h"
#include "engine/project/checkpoint.h"
#include "engine/project/project.h"
#include "engine/training/losslog.h"
#include "models/cyclegan.h"
#include "project/checkpointio.h"
#include "tests/app/clirun.h"
#include "tests/testdata.h"

#include <QtTest/QtTest>

#include <chrono>
#include <set>


using namespace engine;
namespace fs = std::filesystem;
using clitest::q;

class TestDistributed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void shardsCoverTheInputOnce();
    void shardedSamplerSlicesTheWholeBatch();
    void twoRanksEqualOneProcessWithTheirBatch();
    void resumeAcrossWorldSizes();
    void stopStopsEveryRankWithACheckpoint();
    void killedRankEndsTheRun();
    void disagreeingRanksAreRefused();
    void missingRankIsNamed();
    void multiDomainTrainsOnTwoRanks();
    void translateShardsCoverTheFolder();

private:
    fs::path newProject(const char *name, int batch, int checkpointEvery = 1000);
    QProcess *startRank(const fs::path &project, int rank, int port, const QStringList &extra = {});
    static std::unique_ptr<CycleGanModel> newestModel(const fs::path &project);
    QTemporaryDir m_dir;
};

namespace {

std::vector<std::int64_t> loggedIterations(const fs::path &project)
{
    std::vector<std::int64_t> out;
    for (const auto &row : readLossLog(Project::open(project).lossesCsv()).rows)
        out.push_back(row.iteration);
    return out;
}

} // namespace

void TestDistributed::initTestCase()
{
    if (!distributedTrainingAvailable())
        QSKIP("This build's LibTorch has no c10d/Gloo.");
    QVERIFY(m_dir.isValid());
    testdata::makeDomains(testdata::path(m_dir, "data"), 8);
}

fs::path TestDistributed::newProject(const char *name, int batch, int checkpointEvery)
{
    auto o = testdata::tinyOptions();
    o.batchSize = batch;
    o.poolSize = 0; // with pools, the ranks' fakes would differ from one process's: here they pass through
    o.checkpointEvery = checkpointEvery;
    o.epochs = 50;
    o.epochsDecay = 0;
    const auto dir = testdata::path(m_dir, name);
    Project::create(dir, {testdata::path(m_dir, "data/A")}, {testdata::path(m_dir, "data/B")}, o, "custom");
    return dir;
}

QProcess *TestDistributed::startRank(const fs::path &project, int rank, int port, const QStringList &extra)
{
    auto *p = new QProcess(this);
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("RANK", QString::number(rank));
    env.insert("WORLD_SIZE", "2");
    env.insert("MASTER_ADDR", "127.0.0.1");
    env.insert("MASTER_PORT", QString::number(port));
    p->setProcessEnvironment(env);
    p->start(QStringLiteral(CYCLESTUDIO_CLI), QStringList{"train", q(project), "--threads", "1", "--dist-timeout", "10"} + extra);
    return p;
}

std::unique_ptr<CycleGanModel> TestDistributed::newestModel(const fs::path &project)
{
    const auto checkpoints = usableCheckpoints(Project::open(project));
    if (checkpoints.empty())
        return nullptr;
    return loadCheckpointModel(checkpoints.front().file, ComputeDevice::Cpu).model;
}

void TestDistributed::shardsCoverTheInputOnce()
{
    for (std::size_t size = 0; size < 23; ++size)
        for (int count = 1; count <= 7; ++count) {
            std::vector<int> seen(size, 0);
            std::size_t smallest = size, largest = 0;
            for (int k = 0; k < count; ++k) {
                const auto [begin, end] = shardRange(size, k, count);
                QVERIFY(begin <= end && end <= size);
                smallest = std::min(smallest, end - begin);
                largest = std::max(largest, end - begin);
                for (auto i = begin; i < end; ++i)
                    ++seen[i];
            }
            for (int n : seen)
                QCOMPARE(n, 1);
            QVERIFY(largest - smallest <= 1);
        }
    QCOMPARE(parseShard("0/4"), std::make_pair(0, 4));
    QCOMPARE(parseShard("3/4"), std::make_pair(3, 4));
    for (const char *bad : {"4/4", "1/0", "-1/4", "a/4", "1", "1/", "/4", ""})
        QVERIFY_THROWS_EXCEPTION(Error, parseShard(bad));
}

void TestDistributed::shardedSamplerSlicesTheWholeBatch()
{
    const UnalignedSampler whole(8, 5, 4, 36, 32, true, 99);
    const ShardedSampler rank0(std::make_unique<UnalignedSampler>(8, 5, 4, 36, 32, true, 99), 0, 2);
    const ShardedSampler rank1(std::make_unique<UnalignedSampler>(8, 5, 4, 36, 32, true, 99), 1, 2);
    QCOMPARE(rank0.iterationsPerEpoch(), whole.iterationsPerEpoch());
    for (std::int64_t it = 0; it < 7; ++it) {
        const auto all = whole.plan(it), first = rank0.plan(it), second = rank1.plan(it);
        for (size_t stream = 0; stream < all.size(); ++stream) {
            QCOMPARE(first[stream].size(), size_t(2));
            QCOMPARE(second[stream].size(), size_t(2));
            for (size_t j = 0; j < 4; ++j) {
                const auto &expected = all[stream][j];
                const auto &got = j < 2 ? first[stream][j] : second[stream][j - 2];
                QCOMPARE(got.index, expected.index);
                QCOMPARE(got.cropX, expected.cropX);
                QCOMPARE(got.cropY, expected.cropY);
                QCOMPARE(got.flip, expected.flip);
            }
        }
    }
}

void TestDistributed::twoRanksEqualOneProcessWithTheirBatch()
{
    const auto single = newProject("single", 2);
    const auto ranks = newProject("ranks", 1);
    const auto one = clitest::cli({"train", q(single), "--iterations", "3", "--threads", "1"});
    QVERIFY2(one.code == 0, qPrintable(one.err));
    const auto two = clitest::cli({"train", q(ranks), "--iterations", "3", "--nproc", "2", "--threads", "1"});
    QVERIFY2(two.code == 0, qPrintable(two.err));
    QVERIFY2(two.err.startsWith("Training as 2 processes (gloo); the batch of the whole run is 2 (2 × 1)"), qPrintable(two.err));

    // The same losses, iteration by iteration (rank 0 writes the ranks' average).
    const auto a = readLossLog(Project::open(single).lossesCsv()), b = readLossLog(Project::open(ranks).lossesCsv());
    QCOMPARE(a.rows.size(), size_t(3));
    QCOMPARE(b.rows.size(), size_t(3));
    for (size_t i = 0; i < 3; ++i)
        for (size_t k = 0; k < a.rows[i].values.size(); ++k)
            QVERIFY2(std::abs(a.rows[i].values[k] - b.rows[i].values[k]) <= 1e-4 * (1 + std::abs(a.rows[i].values[k])),
                     qPrintable(QString("iteration %1, loss %2: %3 vs %4").arg(i + 1).arg(k).arg(a.rows[i].values[k]).arg(b.rows[i].values[k])));

    // The same weights, and they moved. A bias just before an instance norm has no effect and a zero
    // gradient up to rounding, which Adam scales to full steps: those are compared through the networks'
    // outputs (the norm removes them), every other weight directly.
    const auto ma = newestModel(single), mb = newestModel(ranks);
    QVERIFY(ma && mb);
    const CycleGanModel initial(ma->options(), torch::kCPU, ma->options().seed);
    const auto wa = ma->sharedTensors(), wb = mb->sharedTensors(), w0 = initial.sharedTensors();
    QCOMPARE(wa.size(), wb.size());
    double moved = 0;
    for (size_t i = 0; i < wa.size(); ++i) {
        if (wa[i].dim() < 2)
            continue;
        QVERIFY2(torch::allclose(wa[i], wb[i], 1e-4, 1e-5),
                 qPrintable(QString("tensor %1 differs by %2").arg(i).arg((wa[i] - wb[i]).abs().max().item<double>())));
        moved = std::max(moved, (wa[i] - w0[i]).abs().max().item<double>());
    }
    QVERIFY(moved > 1e-4);
    torch::NoGradGuard noGrad;
    torch::manual_seed(3);
    const auto x = torch::rand({2, 3, 32, 32}) * 2 - 1;
    const std::pair<torch::Tensor, torch::Tensor> outputs[] = {{ma->G_A->forward(x), mb->G_A->forward(x)},
                                                                {ma->G_B->forward(x), mb->G_B->forward(x)},
                                                                {ma->D_A->forward(x), mb->D_A->forward(x)},
                                                                {ma->D_B->forward(x), mb->D_B->forward(x)}};
    for (const auto &[fromOne, fromTwo] : outputs)
        QVERIFY2(torch::allclose(fromOne, fromTwo, 1e-3, 1e-4), qPrintable(QString::number((fromOne - fromTwo).abs().max().item<double>())));
}

void TestDistributed::resumeAcrossWorldSizes()
{
    const auto dir = newProject("resume", 1, 2);
    auto run = clitest::cli({"train", q(dir), "--iterations", "4", "--nproc", "2", "--threads", "1"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    run = clitest::cli({"train", q(dir), "--iterations", "3", "--threads", "1"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains("written by a run of 2 processes; this run has 1 process"), qPrintable(run.err));
    QVERIFY2(run.err.contains("the image pools of rank 1 are not used"), qPrintable(run.err));
    run = clitest::cli({"train", q(dir), "--iterations", "3", "--nproc", "2", "--threads", "1"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains("rank 1 starts with empty image pools"), qPrintable(run.err));

    // Each iteration logged once, in order, and the weights finite.
    const auto iterations = loggedIterations(dir);
    QCOMPARE(iterations.size(), size_t(10));
    for (size_t i = 0; i < iterations.size(); ++i)
        QCOMPARE(iterations[i], std::int64_t(i + 1));
    const auto model = newestModel(dir);
    QVERIFY(model);
    QVERIFY(model->allFinite());
    QCOMPARE(readCheckpointInfo(usableCheckpoints(Project::open(dir)).front().file).iteration, std::int64_t(10));
}

void TestDistributed::stopStopsEveryRankWithACheckpoint()
{
    const auto dir = newProject("stopped", 1);
    QProcess launcher;
    launcher.start(QStringLiteral(CYCLESTUDIO_CLI), {"train", q(dir), "--nproc", "2", "--threads", "1"});
    const auto started = std::chrono::steady_clock::now();
    while (loggedIterations(dir).size() < 2 && std::chrono::steady_clock::now() - started < std::chrono::seconds(60))
        QTest::qWait(50);
    launcher.terminate(); // SIGTERM to the launcher, as a service manager's stop
    QVERIFY(launcher.waitForFinished(60000));
    QCOMPARE(launcher.exitCode(), 130);
    const auto iterations = loggedIterations(dir);
    QVERIFY(iterations.size() >= 2);
    // Both ranks stopped after the same iteration, and rank 0 saved it.
    QCOMPARE(usableCheckpoints(Project::open(dir)).front().iteration, iterations.back());
}

void TestDistributed::killedRankEndsTheRun()
{
    const auto dir = newProject("killed", 1, 3);
    const int port = freeLocalPort();
    QProcess *rank0 = startRank(dir, 0, port), *rank1 = startRank(dir, 1, port);
    // Once a checkpoint exists, rank 1 dies without a word.
    const auto started = std::chrono::steady_clock::now();
    while (usableCheckpoints(Project::open(dir)).empty() && std::chrono::steady_clock::now() - started < std::chrono::seconds(60))
        QTest::qWait(50);
    QVERIFY(!usableCheckpoints(Project::open(dir)).empty());
    rank1->kill();
    const auto killed = std::chrono::steady_clock::now();
    QVERIFY(rank0->waitForFinished(30000));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
    const QString err = QString::fromUtf8(rank0->readAllStandardError());
    QCOMPARE(rank0->exitCode(), 1);
    QVERIFY2(err.contains("rank 1 stopped answering"), qPrintable(err));
    QVERIFY2(seconds < 25, qPrintable(QString::number(seconds)));
    // The checkpoint before it loads, and training continues from it in one process.
    QVERIFY(newestModel(dir));
    const auto resumed = clitest::cli({"train", q(dir), "--iterations", "1", "--threads", "1"});
    QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
    rank1->waitForFinished();
}

void TestDistributed::disagreeingRanksAreRefused()
{
    const auto first = newProject("first", 1), second = newProject("second", 1);
    const int port = freeLocalPort();
    QProcess *rank0 = startRank(first, 0, port, {"--iterations", "2"}), *rank1 = startRank(second, 1, port, {"--iterations", "2"});
    QVERIFY(rank0->waitForFinished(60000));
    QVERIFY(rank1->waitForFinished(60000));
    const QString err0 = QString::fromUtf8(rank0->readAllStandardError()), err1 = QString::fromUtf8(rank1->readAllStandardError());
    QCOMPARE(rank0->exitCode(), 1);
    QCOMPARE(rank1->exitCode(), 1);
    QVERIFY2(err0.contains("Rank 1 does not train what rank 0 trains: its project is"), qPrintable(err0));
    QVERIFY2(err1.contains("Rank 1 does not train what rank 0 trains"), qPrintable(err1));
    QVERIFY(loggedIterations(first).empty());
}

void TestDistributed::missingRankIsNamed()
{
    const auto dir = newProject("alone", 1);
    QProcess *rank0 = startRank(dir, 0, freeLocalPort(), {"--dist-timeout", "5"});
    QVERIFY(rank0->waitForFinished(30000));
    const QString err = QString::fromUtf8(rank0->readAllStandardError());
    QCOMPARE(rank0->exitCode(), 1);
    QVERIFY2(err.contains("rank(s) 1 never arrived"), qPrintable(err));
}

void TestDistributed::multiDomainTrainsOnTwoRanks()
{
    auto o = testdata::tinyMultiDomainOptions();
    o.batchSize = 2;
    o.nCritic = 2;
    o.checkpointEvery = 3;
    const auto data = testdata::path(m_dir, "data");
    const auto dir = testdata::path(m_dir, "multi");
    Project::createMultiDomain(dir, {{"stripes", {data / "A"}}, {"bars", {data / "B"}}}, o);
    auto run = clitest::cli({"train", q(dir), "--iterations", "4", "--nproc", "2", "--threads", "1"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains("the batch of the whole run is 4 (2 × 2)"), qPrintable(run.err));
    run = clitest::cli({"train", q(dir), "--iterations", "2", "--nproc", "2", "--threads", "1"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const auto iterations = loggedIterations(dir);
    QCOMPARE(iterations.size(), size_t(6));
    QCOMPARE(iterations.back(), std::int64_t(6));
}

void TestDistributed::translateShardsCoverTheFolder()
{
    const auto dir = newProject("translate", 1);
    const auto trained = clitest::cli({"train", q(dir), "--iterations", "1", "--threads", "1"});
    QVERIFY2(trained.code == 0, qPrintable(trained.err));
    const auto out = testdata::path(m_dir, "shards");
    std::multiset<std::string> written;
    for (int k = 0; k < 3; ++k) {
        const auto part = out / std::to_string(k);
        const auto run = clitest::cli({"translate", "--project", q(dir), "--direction", "AtoB", "--shard", QString("%1/3").arg(k), "--threads",
                                       "1", "-o", q(part), q(testdata::path(m_dir, "data/A"))});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        for (const auto &e : fs::recursive_directory_iterator(part))
            if (e.is_regular_file())
                written.insert(e.path().filename().string());
    }
    QCOMPARE(written.size(), size_t(8));
    QCOMPARE(std::set<std::string>(written.begin(), written.end()).size(), size_t(8));
    const auto bad = clitest::cli({"translate", "--project", q(dir), "--direction", "AtoB", "--shard", "3/3", "-o", q(out), q(testdata::path(m_dir, "data/A"))});
    QCOMPARE(bad.code, 2);
}

QTEST_GUILESS_MAIN(TestDistributed)
#include "tst_distributed.moc"
