// The optional cycle losses: the Laplacian-pyramid (multi-scale) cycle loss and the
// feature-space cycle loss (discriminator features or a TorchScript network), their options, their
// curves in the loss log, and that training with them still learns the toy task.

#include "models/cycleloss.h"
#include "models/cyclegan.h"
#include "engine/core/error.h"
#include "engine/project/project.h"
#include "training/cyclegantrainer.h"
#include "tests/testdata.h"

#include <torch/script.h>

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <fstream>
#include <numeric>

using namespace engine;
namespace fs = std::filesystem;

class TestCycleLoss : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void oneLevelIsThePapersLoss();
    void pyramidCollapsesToTheImage();
    void levelsSeparateFineFromCoarse();
    void discriminatorFeaturesAreItsHiddenLayers();
    void optionsPresetsAndValidation();
    void stepLogsOwnCurvesAndKeepsDiscriminatorsOutOfGeneratorStep();
    void scriptedFeaturesAreUsed();
    void badFeatureNetworkIsRefused();
    void trainingWithBothLossesLearnsAndLogsColumns();

private:
    QTemporaryDir m_dir;
};

namespace {
torch::Tensor collapse(const std::vector<torch::Tensor> &pyramid)
{
    torch::Tensor x = pyramid.back();
    for (int k = static_cast<int>(pyramid.size()) - 2; k >= 0; --k) {
        const auto &band = pyramid[static_cast<size_t>(k)];
        x = band + torch::nn::functional::interpolate(x, torch::nn::functional::InterpolateFuncOptions()
                                                             .size(std::vector<int64_t>{band.size(2), band.size(3)})
                                                             .mode(torch::kBilinear)
                                                             .align_corners(false));
    }
    return x;
}

TrainOptions withBothLosses()
{
    auto o = testdata::tinyOptions();
    applyPreset(o, Preset::Custom);
    return o;
}
} // namespace

void TestCycleLoss::initTestCase()
{
    QVERIFY(m_dir.isValid());
    testdata::makeDomains(testdata::path(m_dir, "data"));
    torch::manual_seed(3);
}

void TestCycleLoss::oneLevelIsThePapersLoss()
{
    const auto real = torch::rand({2, 3, 32, 32}) * 2 - 1, rec = torch::rand({2, 3, 32, 32}) * 2 - 1;
    QVERIFY(laplacianPyramid(real, 1).size() == 1 && laplacianPyramid(real, 1)[0].equal(real));
    QCOMPARE(multiScaleCycleLoss(rec, real, {1.0}).item<double>(), torch::l1_loss(rec, real).item<double>());
    // The default options are the paper's: one level, no feature loss, the reference's eight curves.
    const TrainOptions defaults;
    QVERIFY(!defaults.multiScaleCycle() && !defaults.featureCycle());
    QCOMPARE(CycleGanModel::lossNames(defaults).size(), size_t(8));
}

void TestCycleLoss::pyramidCollapsesToTheImage()
{
    for (const auto &shape : {std::vector<int64_t>{1, 3, 32, 32}, std::vector<int64_t>{2, 3, 36, 28}}) {
        const auto x = torch::rand(shape) * 2 - 1;
        const auto pyramid = laplacianPyramid(x, 3);
        QCOMPARE(pyramid.size(), size_t(3));
        QCOMPARE(pyramid[1].size(2), (shape[2] + 1) / 2);
        QCOMPARE(pyramid[2].size(3), ((shape[3] + 1) / 2 + 1) / 2);
        QVERIFY((collapse(pyramid) - x).abs().max().item<double>() < 1e-5);
    }
}

void TestCycleLoss::levelsSeparateFineFromCoarse()
{
    const auto real = torch::rand({1, 3, 32, 32}) * 2 - 1;
    // A pixel checkerboard is the highest frequency: the binomial blur removes it exactly, so only the finest
    // band sees it. A constant offset is the lowest: only the coarsest level sees it.
    const auto yy = torch::arange(32).view({32, 1}), xx = torch::arange(32).view({1, 32});
    const auto checker = ((yy + xx) % 2).to(torch::kFloat) * 2 - 1;
    const auto fine = real + 0.5 * checker, coarse = real + 0.5;
    QVERIFY(std::abs(multiScaleCycleLoss(fine, real, {1, 0, 0}).item<double>() - 0.5) < 1e-4);
    QVERIFY(multiScaleCycleLoss(fine, real, {0, 0, 1}).item<double>() < 1e-5);
    QVERIFY(multiScaleCycleLoss(coarse, real, {1, 0, 0}).item<double>() < 1e-5);
    QVERIFY(std::abs(multiScaleCycleLoss(coarse, real, {0, 0, 1}).item<double>() - 0.5) < 1e-4);
    // Weights scale their level.
    QVERIFY(std::abs(multiScaleCycleLoss(fine, real, {3, 0, 1}).item<double>() - 1.5) < 1e-4);
}

void TestCycleLoss::discriminatorFeaturesAreItsHiddenLayers()
{
    const auto o = testdata::tinyOptions(); // ndf 8, 3 layers, 32 px
    PatchDiscriminator d(o.model);
    const auto x = torch::rand({2, 3, 32, 32});
    const auto features = discriminatorFeatures(*d, x);
    QCOMPARE(features.size(), size_t(4));
    const std::vector<std::vector<int64_t>> shapes{{2, 8, 16, 16}, {2, 16, 8, 8}, {2, 32, 4, 4}, {2, 64, 3, 3}};
    for (size_t i = 0; i < 4; ++i)
        QCOMPARE(features[i].sizes().vec(), shapes[i]);
    // The prediction from the last feature is the discriminator's output.
    QVERIFY(d->model->ptr<torch::nn::Conv2dImpl>(d->model->size() - 1)->forward(features.back()).allclose(d->forward(x)));
    // Features of a batch [x; y] compare x with y.
    const auto both = discriminatorFeatures(*d, torch::cat({x, x}));
    QCOMPARE(featureDistance(both, 2).item<double>(), 0.0);
}

void TestCycleLoss::optionsPresetsAndValidation()
{
    auto o = testdata::tinyOptions();
    applyPreset(o, Preset::Custom);
    QCOMPARE(o.cyclePyramidWeights, kCustomPyramidWeights);
    QCOMPARE(o.lambdaFeature, kCustomLambdaFeature);
    QCOMPARE(o.cropSize, 32); // Custom keeps the network and size
    const nlohmann::json j = o;
    const auto back = j.get<TrainOptions>();
    QCOMPARE(back.cyclePyramidWeights, o.cyclePyramidWeights);
    QCOMPARE(back.lambdaFeature, o.lambdaFeature);
    applyPreset(o, Preset::Sketch);
    QVERIFY(!o.multiScaleCycle() && !o.featureCycle());
    // A project saved before these options existed reads as the paper's losses.
    const auto old = nlohmann::json::parse(R"({"crop_size": 96})").get<TrainOptions>();
    QVERIFY(!old.multiScaleCycle() && !old.featureCycle());

    auto bad = testdata::tinyOptions();
    bad.cyclePyramidWeights = {1, 1, 1, 1}; // 32 px >> 3 = 4 px: too coarse
    QVERIFY_THROWS_EXCEPTION(Error, validate(bad));
    bad.cyclePyramidWeights = {1, -1};
    QVERIFY_THROWS_EXCEPTION(Error, validate(bad));
    bad.cyclePyramidWeights = {0, 0};
    QVERIFY_THROWS_EXCEPTION(Error, validate(bad));
    bad.cyclePyramidWeights = {1};
    bad.lambdaFeature = -1;
    QVERIFY_THROWS_EXCEPTION(Error, validate(bad));
}

void TestCycleLoss::stepLogsOwnCurvesAndKeepsDiscriminatorsOutOfGeneratorStep()
{
    CycleGanModel m(withBothLosses(), torch::kCPU, 1);
    std::vector<char> events;
    for (auto [net, tag] : {std::pair<torch::nn::Module *, char>{m.G_A.get(), 'G'}, {m.G_B.get(), 'G'}, {m.D_A.get(), 'D'}, {m.D_B.get(), 'D'}})
        for (auto &p : net->parameters())
            p.register_hook([tag = tag, &events](torch::Tensor g) {
                events.push_back(tag);
                return g;
            });
    const auto losses = m.step(torch::rand({1, 3, 32, 32}) * 2 - 1, torch::rand({1, 3, 32, 32}) * 2 - 1);
    QCOMPARE(losses.names(), CycleGanModel::lossNames(m.options()));
    QCOMPARE(losses.names().size(), size_t(12));
    for (const auto &[name, value] : losses.entries)
        QVERIFY2(std::isfinite(value), name.c_str());
    QVERIFY(losses["cycle_feat_A"] > 0 && losses["cycle_feat_B"] > 0);
    QVERIFY(losses["cycle_ms_A"] > 0);
    // The feature loss runs the discriminators inside the generator step, frozen: they still get exactly
    // one gradient each, from their own loss, after all the generators'.
    const auto gCount = m.G_A->parameters().size() + m.G_B->parameters().size();
    QCOMPARE(events.size(), gCount + m.D_A->parameters().size() + m.D_B->parameters().size());
    for (size_t i = 0; i < events.size(); ++i)
        QCOMPARE(events[i], i < gCount ? 'G' : 'D');
}

void TestCycleLoss::scriptedFeaturesAreUsed()
{
    // F(x) = (x, x): the feature distance is then the plain L1 of the cycle, which the log also has.
    torch::jit::Module identity("Identity");
    identity.define("def forward(self, x):\n    return (x, x)\n");
    const auto file = testdata::path(m_dir, "identity features.pt");
    identity.save(file.string());
    auto o = testdata::tinyOptions();
    o.lambdaFeature = 2.0;
    o.featureNetwork = file.u8string();
    CycleGanModel m(o, torch::kCPU, 1);
    const auto losses = m.step(torch::rand({1, 3, 32, 32}) * 2 - 1, torch::rand({1, 3, 32, 32}) * 2 - 1);
    QCOMPARE(losses.names().size(), size_t(10));
    // cycle_A = l1 * lambda_A (10); cycle_feat_A = l1 * lambda_feature (2).
    QVERIFY(std::abs(losses["cycle_feat_A"] - losses["cycle_A"] * 0.2) < 1e-5);
    QVERIFY(std::abs(losses["cycle_feat_B"] - losses["cycle_B"] * 0.2) < 1e-5);
}

void TestCycleLoss::badFeatureNetworkIsRefused()
{
    auto o = testdata::tinyOptions();
    o.lambdaFeature = 1.0;
    const auto garbage = testdata::path(m_dir, "garbage.pt");
    std::ofstream(garbage) << "not a TorchScript archive";
    o.featureNetwork = garbage.u8string();
    try {
        CycleGanModel m(o, torch::kCPU, 1);
        QFAIL("a garbage feature network was accepted");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("TorchScript") != std::string::npos, e.what());
    }
    torch::jit::Module number("Number");
    number.define("def forward(self, x):\n    return 3\n");
    const auto wrong = testdata::path(m_dir, "number.pt");
    number.save(wrong.string());
    o.featureNetwork = wrong.u8string();
    QVERIFY_THROWS_EXCEPTION(Error, CycleGanModel(o, torch::kCPU, 1));
    o.featureNetwork = testdata::path(m_dir, "missing.pt").u8string();
    QVERIFY_THROWS_EXCEPTION(Error, CycleGanModel(o, torch::kCPU, 1));
}

void TestCycleLoss::trainingWithBothLossesLearnsAndLogsColumns()
{
    auto o = withBothLosses();
    o.epochs = 20;
    o.lr = 1e-3;
    const auto dir = testdata::path(m_dir, "both");
    Project::create(dir, {testdata::path(m_dir, "data/A")}, {testdata::path(m_dir, "data/B")}, o, "custom");
    // A log written earlier with the reference's eight columns (an edited project) is rewritten by name.
    fs::create_directories(dir / "logs");
    std::ofstream(dir / "logs" / "losses.csv") << "iteration,epoch,G_A,G_B,D_A,D_B,cycle_A,cycle_B,idt_A,idt_B\n"
                                                  "0,1,1,2,3,4,5,6,7,8\n";
    RuntimeOptions runtime = testdata::testRuntime();
    runtime.threads = 2;
    std::vector<double> ms, feat;
    TrainerCallbacks cb;
    cb.loss = [&](const LossSample &s) {
        ms.push_back(s.losses["cycle_ms_A"] + s.losses["cycle_ms_B"]);
        feat.push_back(s.losses["cycle_feat_A"] + s.losses["cycle_feat_B"]);
    };
    CycleGanTrainer(dir, runtime, cb).train(80); // released before the resume below: one trainer per project
    auto mean = [](const std::vector<double> &v, size_t from, size_t to) { return std::accumulate(v.begin() + from, v.begin() + to, 0.0) / double(to - from); };
    qInfo("multi-scale cycle loss %.3f -> %.3f", mean(ms, 0, 10), mean(ms, 70, 80));
    QVERIFY2(mean(ms, 70, 80) < 0.7 * mean(ms, 0, 10), qPrintable(QString("multi-scale cycle %1 -> %2").arg(mean(ms, 0, 10)).arg(mean(ms, 70, 80))));
    QVERIFY(std::all_of(feat.begin(), feat.end(), [](double v) { return std::isfinite(v) && v >= 0; }));

    std::ifstream csv(dir / "logs" / "losses.csv");
    std::string header, first, line;
    std::getline(csv, header);
    std::getline(csv, first);
    QCOMPARE(header, std::string("iteration,epoch,G_A,G_B,D_A,D_B,cycle_A,cycle_B,idt_A,idt_B,cycle_ms_A,cycle_ms_B,cycle_feat_A,cycle_feat_B"));
    QCOMPARE(first, std::string("0,1,1,2,3,4,5,6,7,8,,,,"));
    int rows = 0;
    while (std::getline(csv, line))
        rows += std::count(line.begin(), line.end(), ',') == 13 ? 1 : 100;
    QCOMPARE(rows, 80);

    // Loss settings changed after training: resume stays exact with the checkpoint's, and says so.
    auto project = Project::open(dir);
    project.options.cyclePyramidWeights = {1.0};
    project.options.lambdaA = 5;
    project.options.epochs = 30; // the schedule may change: no warning for it
    project.save();
    std::vector<std::string> warnings;
    TrainerCallbacks warn;
    warn.warning = [&](const std::string &w) { warnings.push_back(w); };
    CycleGanTrainer resumed(dir, runtime, warn);
    QCOMPARE(warnings.size(), size_t(1));
    QVERIFY2(warnings[0].find("cycle_pyramid_weights, lambda_A") != std::string::npos ||
                 warnings[0].find("lambda_A, cycle_pyramid_weights") != std::string::npos,
             warnings[0].c_str());
    QVERIFY(warnings[0].find("n_epochs") == std::string::npos);
    QCOMPARE(resumed.options().cyclePyramidWeights.size(), size_t(3));
    QCOMPARE(resumed.options().epochs, 30);
}

QTEST_APPLESS_MAIN(TestCycleLoss)
#include "tst_cycleloss.moc"
