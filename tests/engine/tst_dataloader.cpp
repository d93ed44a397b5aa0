// The data path: each sampler's plan is a pure function of (seed, iteration) with the reference's
// semantics, and the DataLoader turns plans into the same tensors whatever the starting iteration.

#include "data/dataloader.h"
#include "data/sampler.h"
#include "engine/core/imageio.h"
#include "tests/testdata.h"

#include <QtTest/QtTest>

#include <fstream>
#include <map>
#include <set>

using namespace engine;
namespace fs = std::filesystem;

class TestDataLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unalignedPlanIsDeterministicAndCoversAnEpoch();
    void unalignedCropsAndFlipsStayInRange();
    void unalignedDrawsFollowTheOfficialLoader();
    void labelledPlanVisitsEveryImageOncePerEpoch();
    void loaderResumesWithTheSameBatches();
    void unreadableFilesAreReplacedByTheNextReadableOne();
};

void TestDataLoader::unalignedPlanIsDeterministicAndCoversAnEpoch()
{
    const UnalignedSampler s(7, 4, 1, 36, 32, true, 11);
    QCOMPARE(s.iterationsPerEpoch(), std::int64_t(7)); // max(|A|, |B|) / batch
    QCOMPARE(UnalignedSampler::iterationsPerEpoch(7, 9, 2), std::int64_t(5));
    std::set<size_t> a;
    for (std::int64_t it = 0; it < 7; ++it) {
        const auto plan = s.plan(it);
        QCOMPARE(plan.size(), size_t(2));
        QCOMPARE(plan[0].size(), size_t(1));
        QCOMPARE(plan[0][0].domain, 0);
        QCOMPARE(plan[1][0].domain, 1);
        QVERIFY(plan[1][0].index < 4);
        a.insert(plan[0][0].index);
        // A pure function of (seed, iteration): asked again, the same plan.
        const auto again = s.plan(it);
        QCOMPARE(again[0][0].index, plan[0][0].index);
        QCOMPARE(again[1][0].index, plan[1][0].index);
        QCOMPARE(again[0][0].cropX, plan[0][0].cropX);
        QCOMPARE(again[1][0].flip, plan[1][0].flip);
    }
    QCOMPARE(a.size(), size_t(7)); // every A image once per epoch
    // Another epoch is another permutation; another seed another plan.
    std::vector<size_t> first, second;
    for (std::int64_t it = 0; it < 7; ++it) {
        first.push_back(s.plan(it)[0][0].index);
        second.push_back(s.plan(it + 7)[0][0].index);
    }
    QVERIFY(first != second);
    const UnalignedSampler other(7, 4, 1, 36, 32, true, 12);
    bool differs = false;
    for (std::int64_t it = 0; it < 7; ++it)
        differs = differs || other.plan(it)[0][0].index != s.plan(it)[0][0].index;
    QVERIFY(differs);
}

void TestDataLoader::unalignedCropsAndFlipsStayInRange()
{
    const UnalignedSampler s(5, 5, 2, 36, 32, true, 3);
    int flips = 0, samples = 0;
    std::set<int> offsets;
    for (std::int64_t it = 0; it < 500; ++it)
        for (const auto &stream : s.plan(it))
            for (const auto &spec : stream) {
                QVERIFY(spec.cropX >= 0 && spec.cropX <= 4 && spec.cropY >= 0 && spec.cropY <= 4);
                offsets.insert(spec.cropX);
                flips += spec.flip;
                ++samples;
            }
    QCOMPARE(offsets.size(), size_t(5)); // every offset 0..load-crop occurs
    QVERIFY(flips > samples * 4 / 10 && flips < samples * 6 / 10); // p = 0.5
    const UnalignedSampler noFlip(5, 5, 2, 36, 32, false, 3);
    for (std::int64_t it = 0; it < 50; ++it)
        for (const auto &stream : noFlip.plan(it))
            for (const auto &spec : stream)
                QVERIFY(!spec.flip);
}

namespace {
// Pearson's chi-square statistic of counts against a uniform distribution.
double chiSquare(const std::vector<int> &counts)
{
    double total = 0, chi = 0;
    for (int c : counts)
        total += c;
    const double expected = total / double(counts.size());
    for (int c : counts)
        chi += (c - expected) * (c - expected) / expected;
    return chi;
}
} // namespace

// The official data loader (data/unaligned_dataset.py, resize_and_crop, RandomHorizontalFlip): an epoch
// has max(|A|, |B|) items; A is a shuffled order of that range modulo |A|; B is drawn uniformly; crops
// are uniform over 0..load-crop in each axis; flips have probability 0.5, independently for A and B.
// 4,000 draws with a fixed seed, chi-square bounds at p = 0.001.
void TestDataLoader::unalignedDrawsFollowTheOfficialLoader()
{
    const int countA = 7, countB = 11, load = 286, crop = 256, draws = 4000;
    const UnalignedSampler s(countA, countB, 1, load, crop, true, 42);
    QCOMPARE(s.iterationsPerEpoch(), std::int64_t(11));
    std::vector<int> perB(countB), offsets(load - crop + 1);
    int flipsA = 0, flipsB = 0, both = 0;
    for (std::int64_t epoch = 0; epoch * 11 < draws; ++epoch) {
        std::vector<int> perA(countA);
        for (std::int64_t it = epoch * 11; it < (epoch + 1) * 11; ++it) {
            const auto plan = s.plan(it);
            const auto &a = plan[0][0], &b = plan[1][0];
            ++perA[a.index];
            ++perB[b.index];
            for (int o : {a.cropX, a.cropY, b.cropX, b.cropY})
                ++offsets[size_t(o)];
            flipsA += a.flip;
            flipsB += b.flip;
            both += a.flip && b.flip;
        }
        // range(11) % 7: images 0-3 twice an epoch, 4-6 once, as the official loader.
        QCOMPARE(perA, (std::vector<int>{2, 2, 2, 2, 1, 1, 1}));
    }
    const int n = int((draws + 10) / 11 * 11);
    QVERIFY2(chiSquare(perB) < 29.59, qPrintable(QString("B draws: chi-square %1 (10 degrees of freedom)").arg(chiSquare(perB))));
    QVERIFY2(chiSquare(offsets) < 59.70, qPrintable(QString("crop offsets: chi-square %1 (30 degrees of freedom)").arg(chiSquare(offsets))));
    const double sigma = std::sqrt(n * 0.25);
    QVERIFY(std::abs(flipsA - n / 2.0) < 4 * sigma);
    QVERIFY(std::abs(flipsB - n / 2.0) < 4 * sigma);
    QVERIFY(std::abs(both - n / 4.0) < 4 * std::sqrt(n * 0.1875)); // independent
    qInfo("%d draws: B chi-square %.1f, crop chi-square %.1f, flips A %.3f B %.3f both %.3f", n, chiSquare(perB), chiSquare(offsets),
          flipsA / double(n), flipsB / double(n), both / double(n));
}

void TestDataLoader::labelledPlanVisitsEveryImageOncePerEpoch()
{
    const LabelledSampler s({3, 5, 2}, 4, true, 9);
    QCOMPARE(s.iterationsPerEpoch(), std::int64_t(3)); // ceil(10 / 4)
    std::map<std::pair<int, size_t>, int> seen;
    for (std::int64_t it = 0; it < 3; ++it) {
        const auto plan = s.plan(it);
        QCOMPARE(plan.size(), size_t(1));
        QCOMPARE(plan[0].size(), size_t(4));
        for (const auto &spec : plan[0]) {
            QCOMPARE(spec.cropX, 0);
            ++seen[{spec.domain, spec.index}];
        }
    }
    QCOMPARE(seen.size(), size_t(10)); // every image of every domain, the last batch wrapping around
    for (const auto &[key, count] : seen)
        QVERIFY(count >= 1 && count <= 2);
}

void TestDataLoader::loaderResumesWithTheSameBatches()
{
    QTemporaryDir dir;
    testdata::makeDomains(testdata::path(dir, "d"), 5, 40);
    const auto a = listImages(testdata::path(dir, "d/A")), b = listImages(testdata::path(dir, "d/B"));
    auto make = [&](std::int64_t start) {
        return std::make_unique<DataLoader>(std::vector<std::vector<fs::path>>{a, b}, std::vector<std::string>{"A", "B"},
                                            std::make_unique<UnalignedSampler>(a.size(), b.size(), 2, 36, 32, true, 5),
                                            LoaderOptions{36, 32, {}}, start);
    };
    auto straight = make(0);
    std::vector<Batch> batches;
    for (int i = 0; i < 6; ++i)
        batches.push_back(straight->next());
    QCOMPARE(batches[0].images[0].sizes(), (c10::IntArrayRef{2, 3, 32, 32}));
    QCOMPARE(batches[0].labels[1].item<std::int64_t>(), std::int64_t(0));
    QVERIFY(batches[0].images[0].min().item<float>() >= -1.0f && batches[0].images[0].max().item<float>() <= 1.0f);
    auto resumed = make(4);
    for (int i = 4; i < 6; ++i) {
        const auto batch = resumed->next();
        QCOMPARE(batch.iteration, std::int64_t(i));
        QVERIFY(batch.images[0].equal(batches[size_t(i)].images[0]));
        QVERIFY(batch.images[1].equal(batches[size_t(i)].images[1]));
    }
}

void TestDataLoader::unreadableFilesAreReplacedByTheNextReadableOne()
{
    QTemporaryDir dir;
    testdata::makeDomains(testdata::path(dir, "d"), 3, 40);
    auto a = listImages(testdata::path(dir, "d/A"));
    const auto b = listImages(testdata::path(dir, "d/B"));
    std::ofstream(a[1]) << "broken";
    std::vector<std::string> warnings;
    LoaderOptions options{36, 32, [&](const std::string &w) { warnings.push_back(w); }};
    // A labelled stream over A only: every image is asked for once in the first epoch.
    DataLoader loader({a, b}, {"A", "B"}, std::make_unique<LabelledSampler>(std::vector<size_t>{a.size(), 0}, 3, false, 1), options, 0);
    const auto batch = loader.next();
    QCOMPARE(batch.images[0].size(0), 3);
    // a[1] is replaced by a[2], so the batch holds a[2] twice.
    const auto x = batch.images[0];
    const int equalPairs = int(x[0].equal(x[1])) + int(x[0].equal(x[2])) + int(x[1].equal(x[2]));
    QCOMPARE(equalPairs, 1);
    QCOMPARE(warnings.size(), size_t(1)); // reported once
    QVERIFY(QString::fromStdString(warnings[0]).contains(QStringLiteral("domain A")));
}

QTEST_APPLESS_MAIN(TestDataLoader)
#include "tst_dataloader.moc"
