// Options: presets, the load-size ratio, the learning-rate schedule, the JSON round trip of both modes'
// settings, the validation bounds (each refused with a sentence naming the setting), and the runtime's
// keeping of freed memory.

#include "engine/core/device.h"
#include "engine/core/error.h"
#include "engine/project/options.h"
#include "engine/project/project.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <limits>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace engine;

namespace {
std::string readFile(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}
} // namespace

class TestOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void presetsAndLoadSize();
    void learningRateSchedule();
    void trainOptionsRoundTrip();
    void multiDomainOptionsRoundTrip();
    void trainOptionsBounds_data();
    void trainOptionsBounds();
    void multiDomainBounds();
    void namesRoundTrip();
    void styleNamesInTheProject();
    void freedMemoryKeptUntilReleased();
};

void TestOptions::presetsAndLoadSize()
{
    QCOMPARE(loadSizeFor(256), 286);
    QCOMPARE(loadSizeFor(128), 143);
    QCOMPARE(loadSizeFor(96), 107);
    TrainOptions o;
    applyPreset(o, Preset::Sketch);
    QCOMPARE(o.cropSize, 96);
    QCOMPARE(o.model.ngf, 32);
    QCOMPARE(o.model.blocks, 6);
    QCOMPARE(o.loadSize, loadSizeFor(96));
    applyPreset(o, Preset::Custom); // keeps the network, turns on the optional losses
    QCOMPARE(o.cropSize, 96);
    QCOMPARE(o.cyclePyramidWeights, kCustomPyramidWeights);
    QCOMPARE(o.lambdaFeature, kCustomLambdaFeature);
    applyPreset(o, Preset::Standard);
    QCOMPARE(o.cropSize, 256);
    QCOMPARE(o.model.blocks, 9);
    QCOMPARE(o.cyclePyramidWeights, std::vector<double>{1.0});
    QCOMPARE(allPresets().size(), size_t(4));
    for (auto p : allPresets())
        QVERIFY(presetFromName(presetName(p)) == p);
    QVERIFY(!presetFromName("huge"));
    QVERIFY(defaultPreset(false) == Preset::Sketch);
    QVERIFY(defaultPreset(true) == Preset::Standard);
}

void TestOptions::learningRateSchedule()
{
    QCOMPARE(learningRateFactor(1, 100, 100), 1.0);
    QCOMPARE(learningRateFactor(100, 100, 100), 1.0);
    QVERIFY(qFuzzyCompare(learningRateFactor(101, 100, 100), 1.0 - 1.0 / 101));
    QVERIFY(qFuzzyCompare(learningRateFactor(200, 100, 100), 1.0 / 101));
}

void TestOptions::trainOptionsRoundTrip()
{
    TrainOptions o;
    o.model.ngf = 24;
    o.model.ndf = 40;
    o.model.blocks = 3;
    o.model.discriminatorLayers = 2;
    o.cropSize = 64;
    o.loadSize = 72;
    o.batchSize = 3;
    o.epochs = 7;
    o.epochsDecay = 5;
    o.lr = 1.5e-4;
    o.beta1 = 0.4;
    o.lambdaA = 8;
    o.lambdaB = 9;
    o.lambdaIdentity = 0.25;
    o.ganMode = GanMode::Vanilla;
    o.poolSize = 20;
    o.flip = false;
    o.seed = 18446744073709551615ull; // all 64 bits survive JSON
    o.previewEvery = 3;
    o.checkpointEvery = 11;
    o.keepCheckpoints = 2;
    o.freezeEncoder = true;
    o.freezeBlocks = 2;
    o.fineTunedFrom = "/some/where";
    o.cyclePyramidWeights = {1, 0.5};
    o.lambdaFeature = 2;
    o.featureNetwork = "f.pt";
    o.precision = Precision::Bf16;
    const TrainOptions back = nlohmann::json::parse(nlohmann::json(o).dump()).get<TrainOptions>();
    QVERIFY(differingSettings(o, back).empty());
    QCOMPARE(back.seed, o.seed);
    QVERIFY(back.ganMode == GanMode::Vanilla);
    QVERIFY(back.precision == Precision::Bf16);
    QCOMPARE(back.cyclePyramidWeights, o.cyclePyramidWeights);
    // Missing entries take the defaults; an unknown GAN mode is refused.
    const TrainOptions defaults = nlohmann::json::object().get<TrainOptions>();
    QVERIFY(differingSettings(defaults, TrainOptions()).empty());
    QVERIFY_THROWS_EXCEPTION(Error, (nlohmann::json{{"gan_mode", "wgan"}}.get<TrainOptions>()));
    QVERIFY_THROWS_EXCEPTION(Error, (nlohmann::json{{"precision", "fp8"}}.get<TrainOptions>()));
    QVERIFY(defaults.precision == Precision::Fp32);
    // differingSettings names what changed, by JSON name.
    TrainOptions changed = o;
    changed.lambdaA = 1;
    changed.model.ngf = 8;
    const auto names = differingSettings(changed, o);
    QCOMPARE(names.size(), size_t(2));
    QVERIFY(std::find(names.begin(), names.end(), "lambda_A") != names.end());
    QVERIFY(std::find(names.begin(), names.end(), "model.ngf") != names.end());
}

void TestOptions::multiDomainOptionsRoundTrip()
{
    MultiDomainOptions o;
    o.imageSize = 64;
    o.gConvDim = 16;
    o.dConvDim = 24;
    o.gRepeat = 2;
    o.dRepeat = 4;
    o.nCritic = 3;
    o.batchSize = 5;
    o.seed = 3081473913ull;
    o.flip = false;
    const MultiDomainOptions back = nlohmann::json::parse(nlohmann::json(o).dump()).get<MultiDomainOptions>();
    QVERIFY(differingSettings(o, back).empty());
    QCOMPARE(back.seed, o.seed);
}

void TestOptions::trainOptionsBounds_data()
{
    QTest::addColumn<int>("field");
    QTest::addColumn<QString>("words"); // a word of the sentence that names the setting
    const char *rows[][2] = {{"crop not multiple of 4", "image size"},  {"crop too small", "image size"},
                             {"load below crop", "load size"},         {"ngf zero", "ngf"},
                             {"ndf too wide", "ndf"},                  {"negative blocks", "residual blocks"},
                             {"no discriminator layers", "discriminator"}, {"batch zero", "batch size"},
                             {"no epochs", "epoch"},                   {"lr zero", "learning rate"},
                             {"negative cycle weight", "cycle weight"}, {"negative identity", "identity"},
                             {"pool too large", "pool"},               {"preview every 0", "intervals"},
                             {"frozen beyond blocks", "frozen"},       {"pyramid too deep", "pyramid"},
                             {"pyramid all zero", "weight"},           {"negative feature weight", "feature"},
                             {"NaN cycle weight", "must be a number from"}, {"beta1 above 1", "beta1"},
                             {"infinite learning rate", "learning rate"}, {"too many epochs", "epoch"}};
    for (int i = 0; i < int(std::size(rows)); ++i)
        QTest::newRow(rows[i][0]) << i << QString::fromLatin1(rows[i][1]);
}

void TestOptions::trainOptionsBounds()
{
    QFETCH(int, field);
    QFETCH(QString, words);
    const std::function<void(TrainOptions &)> breaks[] = {
        [](TrainOptions &o) { o.cropSize = 98; },
        [](TrainOptions &o) { o.cropSize = 12; },
        [](TrainOptions &o) { o.loadSize = o.cropSize - 4; },
        [](TrainOptions &o) { o.model.ngf = 0; },
        [](TrainOptions &o) { o.model.ndf = 513; },
        [](TrainOptions &o) { o.model.blocks = -1; },
        [](TrainOptions &o) { o.model.discriminatorLayers = 0; },
        [](TrainOptions &o) { o.batchSize = 0; },
        [](TrainOptions &o) { o.epochs = o.epochsDecay = 0; },
        [](TrainOptions &o) { o.lr = 0; },
        [](TrainOptions &o) { o.lambdaA = -1; },
        [](TrainOptions &o) { o.lambdaIdentity = -0.5; },
        [](TrainOptions &o) { o.poolSize = 10001; },
        [](TrainOptions &o) { o.previewEvery = 0; },
        [](TrainOptions &o) { o.freezeBlocks = o.model.blocks + 1; },
        [](TrainOptions &o) { o.cyclePyramidWeights = {1, 1, 1, 1, 1, 1, 1}; },
        [](TrainOptions &o) { o.cyclePyramidWeights = {0, 0}; },
        [](TrainOptions &o) { o.lambdaFeature = -1; },
        [](TrainOptions &o) { o.lambdaA = std::nan(""); },
        [](TrainOptions &o) { o.beta1 = 2; },
        [](TrainOptions &o) { o.lr = std::numeric_limits<double>::infinity(); },
        [](TrainOptions &o) { o.epochs = kMaxEpochs + 1; },
    };
    TrainOptions ok;
    validate(ok); // the defaults are valid
    TrainOptions o;
    breaks[field](o);
    try {
        validate(o);
        QFAIL("accepted");
    } catch (const Error &e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(words, Qt::CaseInsensitive), e.what());
    }
}

void TestOptions::multiDomainBounds()
{
    MultiDomainOptions o;
    validate(o, 3);
    QVERIFY_THROWS_EXCEPTION(Error, validate(o, 1));
    QVERIFY_THROWS_EXCEPTION(Error, validate(o, kMaxDomains + 1));
    auto broken = o;
    broken.imageSize = 30;
    QVERIFY_THROWS_EXCEPTION(Error, validate(broken, 3));
    broken = o;
    broken.dRepeat = 9;
    QVERIFY_THROWS_EXCEPTION(Error, validate(broken, 3));
    broken = o;
    broken.nCritic = 0;
    QVERIFY_THROWS_EXCEPTION(Error, validate(broken, 3));
}

void TestOptions::namesRoundTrip()
{
    for (auto m : {GanMode::Lsgan, GanMode::Vanilla})
        QVERIFY(ganModeFromName(ganModeName(m)) == m);
    for (auto d : {Direction::AtoB, Direction::BtoA})
        QVERIFY(directionFromName(directionName(d)) == d);
    for (auto p : {Precision::Fp32, Precision::Bf16})
        QVERIFY(precisionFromName(precisionName(p)) == p);
    QVERIFY(!precisionFromName("fp16"));
    QVERIFY(!directionFromName("sideways"));
}

// A two-domain project keeps its styles' names; unnamed ones stay out of project.json; a damaged name
// in the file is refused with a sentence, and setStyleNames leaves the old names on a refusal.
void TestOptions::styleNamesInTheProject()
{
    QTemporaryDir tmp;
    const std::filesystem::path dir = tmp.filePath(QStringLiteral("p")).toStdString();
    TrainOptions o;
    auto project = Project::create(dir, {}, {}, o, "custom");
    QVERIFY(project.nameA.empty());
    QVERIFY(readFile(dir / "project.json").find("\"names\"") == std::string::npos);
    project.setStyleNames("Photos", "水彩");
    project.save();
    auto again = Project::open(dir);
    QCOMPARE(again.nameA, std::string("Photos"));
    QCOMPARE(again.nameB, std::string("水彩"));
    for (const auto &[a, b] : {std::pair<std::string, std::string>{"Same", "same"}, {"Photos", ""}, {"a,b", "c"}, {std::string(41, 'x'), "y"}}) {
        try {
            again.setStyleNames(a, b);
            QFAIL("refused names were accepted");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("tyle") != std::string::npos, e.what());
        }
        QCOMPARE(again.nameA, std::string("Photos"));
    }
    auto text = readFile(dir / "project.json");
    text.replace(text.find("\"Photos\""), 8, "\"Same,\"");
    std::ofstream(dir / "project.json", std::ios::binary) << text;
    try {
        Project::open(dir);
        QFAIL("a damaged name was accepted");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("may not contain commas") != std::string::npos, e.what());
    }
}

// While the engine works, memory it frees stays with the process for the next step (a training step at
// 256 px frees more than half a gigabyte at its end); releaseFreeMemory() gives it back, and with the
// setting off the C library trims as before. Three untouched 200 MiB blocks at the heap's top stand for
// a step's activations.
void TestOptions::freedMemoryKeptUntilReleased()
{
#if defined(__GLIBC__)
    constexpr size_t block = size_t{200} << 20;
    const auto freeTopAfterAStep = [] {
        void *step[3] = {std::malloc(block), std::malloc(block), std::malloc(block)}; // a failure reads as kept nothing
        for (void *p : step) // used, so that the compiler keeps the allocations
            if (p)
                *static_cast<volatile char *>(p) = 1;
        for (int i = 2; i >= 0; --i)
            std::free(step[i]);
        return mallinfo2().keepcost;
    };
    RuntimeOptions runtime;
    runtime.device = DeviceChoice::Cpu;
    selectDevice(runtime);
    QVERIFY2(freeTopAfterAStep() >= 3 * block, "the freed memory was given back during the work");
    releaseFreeMemory();
    QVERIFY2(mallinfo2().keepcost < block, "releaseFreeMemory kept the freed memory");
    runtime.keepFreedMemory = false;
    selectDevice(runtime);
    QVERIFY2(freeTopAfterAStep() < block, "with the setting off, the C library no longer trims");
    runtime.keepFreedMemory = true;
    selectDevice(runtime);
#else
    QSKIP("the heap's trimming is glibc's");
#endif
}

QTEST_APPLESS_MAIN(TestOptions)
#include "tst_options.moc"
