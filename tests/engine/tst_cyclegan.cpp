// CycleGanModel: the reference update order, losses, image pool and learning-rate schedule.

#include "models/cyclegan.h"
#include "models/fusedadam.h"
#include "tests/testdata.h"

#include <QtTest/QtTest>

using namespace engine;

class TestCycleGan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void discriminatorsGetNoGradientFromGeneratorStep();
    void generatorsGetNoGradientFromDiscriminatorStep();
    void ganLossModes();
    void imagePoolFillsThenSwaps();
    void scheduleFollowsLinearDecay();
    void batchSizeAboveOne();
    void fusedAdamMatchesTorchAdam();
};

namespace {
struct GradientLog
{
    std::vector<char> events; // 'G' or 'D', in the order gradients reached parameters
};

void watch(torch::nn::Module &net, char tag, GradientLog &log)
{
    for (auto &p : net.parameters())
        p.register_hook([tag, &log](torch::Tensor grad) {
            log.events.push_back(tag);
            return grad;
        });
}
} // namespace

void TestCycleGan::discriminatorsGetNoGradientFromGeneratorStep()
{
    CycleGanModel m(testdata::tinyOptions(), torch::kCPU, 1);
    GradientLog log;
    watch(*m.G_A, 'G', log);
    watch(*m.G_B, 'G', log);
    watch(*m.D_A, 'D', log);
    watch(*m.D_B, 'D', log);
    m.step(torch::rand({1, 3, 32, 32}) * 2 - 1, torch::rand({1, 3, 32, 32}) * 2 - 1);

    const auto gParams = m.G_A->parameters().size() + m.G_B->parameters().size();
    const auto dParams = m.D_A->parameters().size() + m.D_B->parameters().size();
    // Every generator parameter gets exactly one gradient (from the generator loss), then every
    // discriminator parameter exactly one (from its own halved loss) — and none before.
    QCOMPARE(log.events.size(), gParams + dParams);
    for (size_t i = 0; i < log.events.size(); ++i)
        QCOMPARE(log.events[i], i < gParams ? 'G' : 'D');
}

void TestCycleGan::generatorsGetNoGradientFromDiscriminatorStep()
{
    CycleGanModel m(testdata::tinyOptions(), torch::kCPU, 1);
    m.step(torch::rand({1, 3, 32, 32}), torch::rand({1, 3, 32, 32}));
    // After a step the generator gradients are those of the generator loss alone: recomputing that
    // loss with the same weights must not be needed; it is enough that the D step left them alone,
    // which the pools' detach guarantees. Check the pooled fakes carry no graph.
    for (const auto &img : m.poolA.images())
        QVERIFY(!img.requires_grad());
    for (const auto &img : m.poolB.images())
        QVERIFY(!img.requires_grad());
    for (auto &p : m.D_A->parameters())
        QVERIFY(p.requires_grad()); // unfrozen again for the next iteration
}

void TestCycleGan::ganLossModes()
{
    auto o = testdata::tinyOptions();
    CycleGanModel lsgan(o, torch::kCPU, 1);
    const auto pred = torch::tensor({0.25f, 0.75f});
    QVERIFY(std::abs(lsgan.ganLoss(pred, true).item<double>() - (0.5625 + 0.0625) / 2) < 1e-6);
    QVERIFY(std::abs(lsgan.ganLoss(pred, false).item<double>() - (0.0625 + 0.5625) / 2) < 1e-6);
    o.ganMode = GanMode::Vanilla;
    CycleGanModel vanilla(o, torch::kCPU, 1);
    const double expected = (std::log1p(std::exp(-0.25)) + std::log1p(std::exp(-0.75))) / 2;
    QVERIFY(std::abs(vanilla.ganLoss(pred, true).item<double>() - expected) < 1e-6);
}

void TestCycleGan::imagePoolFillsThenSwaps()
{
    std::mt19937_64 rng(5);
    ImagePool pool(3);
    for (int i = 0; i < 3; ++i) {
        const auto x = torch::full({1, 1, 1, 1}, float(i));
        QCOMPARE(pool.query(x, rng).item<float>(), float(i)); // filling: returned as is
    }
    QCOMPARE(pool.images().size(), size_t(3));
    int fromHistory = 0;
    for (int i = 10; i < 110; ++i) {
        const auto out = pool.query(torch::full({1, 1, 1, 1}, float(i)), rng).item<float>();
        if (out != float(i)) {
            ++fromHistory;
            QVERIFY(out < float(i));
        }
        QCOMPARE(pool.images().size(), size_t(3));
    }
    QVERIFY2(fromHistory > 30 && fromHistory < 70, qPrintable(QString::number(fromHistory))); // p = 0.5
    ImagePool none(0);
    const auto x = torch::ones({2, 3, 4, 4});
    QVERIFY(none.query(x, rng).equal(x));
}

void TestCycleGan::scheduleFollowsLinearDecay()
{
    // --n_epochs 100 --n_epochs_decay 100: constant for 100 epochs, then linear towards zero.
    QCOMPARE(learningRateFactor(1, 100, 100), 1.0);
    QCOMPARE(learningRateFactor(100, 100, 100), 1.0);
    QVERIFY(qFuzzyCompare(learningRateFactor(101, 100, 100), 1.0 - 1.0 / 101));
    QVERIFY(qFuzzyCompare(learningRateFactor(150, 100, 100), 1.0 - 50.0 / 101));
    QVERIFY(qFuzzyCompare(learningRateFactor(200, 100, 100), 1.0 / 101));
    CycleGanModel m(testdata::tinyOptions(), torch::kCPU, 1);
    m.setLearningRate(1e-4);
    QCOMPARE(m.learningRate(), 1e-4);
}

void TestCycleGan::batchSizeAboveOne()
{
    auto o = testdata::tinyOptions();
    o.batchSize = 3;
    CycleGanModel m(o, torch::kCPU, 1);
    const auto losses = m.step(torch::rand({3, 3, 32, 32}), torch::rand({3, 3, 32, 32}));
    QVERIFY(std::isfinite(losses["G_A"]) && std::isfinite(losses["D_B"]));
    QCOMPARE(m.poolA.images().size(), size_t(3));
}

// Adam's update in one pass computes torch::optim::Adam's formulas per element: the same numbers on one
// tensor, and in training the same networks to float rounding (compared by what they compute: a bias
// before instance norm has a gradient of pure rounding noise, and Adam scales that up either way).
void TestCycleGan::fusedAdamMatchesTorchAdam()
{
    torch::manual_seed(3);
    auto w1 = torch::randn({100000}).requires_grad_(), w2 = w1.detach().clone().requires_grad_();
    const auto adamOptions = torch::optim::AdamOptions(2e-4).betas({0.5, 0.999});
    torch::optim::Adam fusedToy({w1}, adamOptions), plainToy({w2}, adamOptions);
    QVERIFY(fusedAdam());
    for (int k = 0; k < 3; ++k) {
        const auto g = torch::randn({100000});
        w1.mutable_grad() = g.clone();
        w2.mutable_grad() = g.clone();
        adamStep(fusedToy);
        plainToy.step();
    }
    const auto toyDifference = (w1 - w2).abs().max().item<double>();
    QVERIFY2(toyDifference < 1e-6, qPrintable(QString::number(toyDifference))); // float rounding; a step moves 2e-4

    const auto o = testdata::tinyOptions();
    CycleGanModel fused(o, torch::kCPU, 5), plain(o, torch::kCPU, 5);
    std::vector<std::pair<torch::Tensor, torch::Tensor>> batches;
    for (int i = 0; i < 4; ++i)
        batches.emplace_back(torch::rand({1, 3, 32, 32}) * 2 - 1, torch::rand({1, 3, 32, 32}) * 2 - 1);
    for (const auto &[a, b] : batches)
        fused.step(a, b);
    setFusedAdam(false);
    for (const auto &[a, b] : batches)
        plain.step(a, b);
    setFusedAdam(true);
    torch::NoGradGuard noGrad;
    const auto x = torch::rand({1, 3, 32, 32}) * 2 - 1;
    const double generators = (fused.G_A->forward(x) - plain.G_A->forward(x)).abs().max().item<double>();
    const double discriminators = (fused.D_B->forward(x) - plain.D_B->forward(x)).abs().max().item<double>();
    qInfo("after 4 steps, G_A's outputs differ by %g, D_B's by %g", generators, discriminators);
    QVERIFY(generators < 1e-4);
    QVERIFY(discriminators < 1e-4);
    // The same optimiser state (step counts, moments) that checkpoints save.
    QCOMPARE(fused.optimizerG->state().size(), plain.optimizerG->state().size());
    for (const auto &entry : fused.optimizerG->state())
        QCOMPARE(static_cast<const torch::optim::AdamParamState &>(*entry.second).step(), int64_t(4));
}

QTEST_APPLESS_MAIN(TestCycleGan)
#include "tst_cyclegan.moc"
