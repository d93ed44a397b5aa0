// Networks: reference parameter counts, shapes, the sub-pixel form of the transposed convolutions, and
// Winograd's form of the residual blocks' convolutions and the narrow form of the last one, at inference and in
// training. Two intra-op threads throughout, so that the engine's own loops run split as they do in use.

#include "core/parallel.h"
#include "engine/training/estimate.h"
#include "models/narrowconv.h"
#include "models/networks.h"
#include "models/transposedconv.h"
#include "models/winograd.h"
#include "tests/autogradnodes.h"
#include "tests/testdata.h"

#include <QtTest/QtTest>

#include <functional>
#include <mutex>
#include <set>
#include <string>

using namespace engine;

class TestNetworks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void engineLoopsSpreadOverThreads();
    void referenceParameterCounts();
    void generatorKeepsShapeOnOddMultiplesOfFour_data();
    void generatorKeepsShapeOnOddMultiplesOfFour();
    void discriminatorPatchShape();
    void subPixelUpsampleMatchesConvTranspose();
    void fastAndReferenceGeneratorsAgree();
    void phaseTransposedConvolutionMatchesLibTorch_data();
    void phaseTransposedConvolutionMatchesLibTorch();
    void generatorUpsamplesByPhases();
    void initialisationIsNormal002();
    void winogradMatchesDirectConvolution_data();
    void winogradMatchesDirectConvolution();
    void generatorByWinogradMatchesDirect();
    void winogradGradientsMatchDirect_data();
    void winogradGradientsMatchDirect();
    void generatorTrainsByWinograd();
    void winogradFoldsReflectionPadding_data();
    void winogradFoldsReflectionPadding();
    void narrowConvolutionMatchesDirect_data();
    void narrowConvolutionMatchesDirect();
    void narrowConvolutionGradientsMatchDirect_data();
    void narrowConvolutionGradientsMatchDirect();
    void generatorEndsByNarrowConvolution();
    void normActivationsOutOfPlaceWhileTraining();
    void trainingEstimate();
};

void TestNetworks::initTestCase() { torch::set_num_threads(2); }

// LibTorch's parallel_for only spreads a loop in code compiled with OpenMP: a build that lost the flag would
// run Winograd's transforms and the rest on one thread, with the same numbers, slower.
void TestNetworks::engineLoopsSpreadOverThreads()
{
#ifdef _MSC_VER
    QSKIP("MSVC builds keep the engine's own loops on one thread: its OpenMP runtime is not LibTorch's");
#endif
    const int spread = parallelLoopThreads();
    setParallelLoops(false);
    const int serial = parallelLoopThreads();
    setParallelLoops(true); // before any comparison, so that a failure here leaves the later tests' loops split
    QCOMPARE(spread, 2);
    QCOMPARE(serial, 1);
    int64_t covered = 0;
    std::mutex mutex;
    parallelFor(0, 1000, 7, [&](int64_t begin, int64_t end) {
        std::lock_guard<std::mutex> lock(mutex);
        covered += end - begin;
    });
    QCOMPARE(covered, int64_t(1000));
}

void TestNetworks::referenceParameterCounts()
{
    ModelOptions o; // ngf 64, ndf 64
    o.blocks = 9;
    QCOMPARE(countParameters(*ResnetGenerator(o)), std::int64_t(11378179));
    o.blocks = 6;
    QCOMPARE(countParameters(*ResnetGenerator(o)), std::int64_t(7837699));
    QCOMPARE(countParameters(*PatchDiscriminator(o)), std::int64_t(2764737));
}

void TestNetworks::generatorKeepsShapeOnOddMultiplesOfFour_data()
{
    QTest::addColumn<int>("h");
    QTest::addColumn<int>("w");
    QTest::newRow("square 32") << 32 << 32;
    QTest::newRow("tall 44x20") << 44 << 20;
    QTest::newRow("wide 36x52") << 36 << 52;
}

void TestNetworks::generatorKeepsShapeOnOddMultiplesOfFour()
{
    QFETCH(int, h);
    QFETCH(int, w);
    ModelOptions o;
    o.ngf = 8;
    o.blocks = 2;
    ResnetGenerator g(o);
    torch::NoGradGuard noGrad;
    const auto y = g->forward(torch::randn({2, 3, h, w}));
    QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{2, 3, h, w}));
    QVERIFY(y.abs().max().item<float>() <= 1.0f); // tanh output
}

void TestNetworks::discriminatorPatchShape()
{
    ModelOptions o;
    o.ndf = 8;
    PatchDiscriminator d(o);
    torch::NoGradGuard noGrad;
    // 256 → 30×30 patches in the reference; 32 → 2×2.
    QCOMPARE(d->forward(torch::randn({1, 3, 256, 256})).sizes().vec(), (std::vector<int64_t>{1, 1, 30, 30}));
    QCOMPARE(d->forward(torch::randn({1, 3, 32, 32})).sizes().vec(), (std::vector<int64_t>{1, 1, 2, 2}));
}

void TestNetworks::subPixelUpsampleMatchesConvTranspose()
{
    torch::manual_seed(3);
    const auto x = torch::randn({2, 6, 5, 7}, torch::requires_grad());
    const auto w = torch::randn({6, 4, 3, 3}, torch::requires_grad());
    const auto b = torch::randn({4}, torch::requires_grad());
    const auto ref = torch::conv_transpose2d(x, w, b, /*stride=*/2, /*padding=*/1, /*output_padding=*/1);
    const auto fast = convTranspose3x3s2(x, w, b);
    QCOMPARE(fast.sizes().vec(), ref.sizes().vec());
    QVERIFY(torch::allclose(fast, ref, 1e-5, 1e-5));

    // Gradients with respect to input, weight and bias agree too (training uses this path).
    const auto g = torch::randn_like(ref);
    const auto refGrads = torch::autograd::grad({ref}, {x, w, b}, {g});
    const auto fastGrads = torch::autograd::grad({fast}, {x, w, b}, {g});
    for (size_t i = 0; i < 3; ++i)
        QVERIFY2(torch::allclose(fastGrads[i], refGrads[i], 1e-4, 1e-4), qPrintable(QString("gradient %1").arg(i)));
}

void TestNetworks::fastAndReferenceGeneratorsAgree()
{
    ModelOptions o;
    o.ngf = 8;
    o.blocks = 1;
    ResnetGenerator g(o);
    initWeights(*g);
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({1, 3, 24, 40});
    g->fastUpsample = true;
    const auto a = g->forward(x);
    g->fastUpsample = false;
    const auto b = g->forward(x);
    QVERIFY(torch::allclose(a, b, 1e-5, 1e-5));
}

void TestNetworks::initialisationIsNormal002()
{
    ModelOptions o;
    ResnetGenerator g(o);
    torch::manual_seed(0);
    initWeights(*g);
    const auto w = g->blocks[0]->as<ResnetBlock>()->conv1->weight;
    QVERIFY(std::abs(w.mean().item<double>()) < 1e-3);
    QVERIFY(std::abs(w.std().item<double>() - 0.02) < 1e-3);
    QCOMPARE(g->blocks[0]->as<ResnetBlock>()->conv1->bias.abs().sum().item<double>(), 0.0);
}

namespace {

// A convolution test's columns: images, channels in and out, a plane's height and width (each test says which
// plane), with a bias or not.
void convolutionCaseColumns()
{
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("in");
    QTest::addColumn<int>("out");
    QTest::addColumn<int>("h");
    QTest::addColumn<int>("w");
    QTest::addColumn<bool>("bias");
}

// The shapes both Winograd comparisons run (the plane: the output's size).
void winogradCases()
{
    convolutionCaseColumns();
    QTest::newRow("whole tiles") << 1 << 32 << 32 << 16 << 16 << true;
    QTest::newRow("ragged edges, two images") << 2 << 32 << 40 << 13 << 22 << true;
    QTest::newRow("one row of pixels, no bias") << 1 << 48 << 32 << 1 << 9 << false;
    QTest::newRow("more channels than one GEMM block, three images") << 3 << 72 << 80 << 13 << 22 << true;
    QTest::newRow("odd channel counts, two images") << 2 << 33 << 35 << 12 << 10 << true;
}

// The current row of convolutionCaseColumns.
struct ConvolutionCase
{
    int batch, in, out, h, w;
    bool bias;
};
ConvolutionCase convolutionCase()
{
    QFETCH(int, batch);
    QFETCH(int, in);
    QFETCH(int, out);
    QFETCH(int, h);
    QFETCH(int, w);
    QFETCH(bool, bias);
    return {batch, in, out, h, w, bias};
}

// The current row's padded input, weight and bias (undefined without one).
std::tuple<torch::Tensor, torch::Tensor, torch::Tensor> winogradCase()
{
    const auto c = convolutionCase();
    torch::manual_seed(3);
    return {torch::randn({c.batch, c.in, c.h + 2, c.w + 2}), torch::randn({c.out, c.in, 3, 3}) * 0.05,
            c.bias ? torch::randn({c.out}) : torch::Tensor()};
}

// `value` against `expected` in shape, and to float rounding relative to the expected's largest magnitude.
void compareToRounding(const torch::Tensor &value, const torch::Tensor &expected, const QString &what)
{
    QCOMPARE(value.sizes().vec(), expected.sizes().vec());
    const double error = (value - expected).abs().max().item<double>() / std::max(expected.abs().max().item<double>(), 1e-12);
    QVERIFY2(error < 1e-5, qPrintable(QStringLiteral("%1: %2").arg(what).arg(error)));
}

// `x` padded by `p` pixels of reflection on every side, as the networks' layers pad it: what the convolutions that
// read the reflection themselves are compared against.
torch::Tensor reflectPadded(const torch::Tensor &x, int64_t p)
{
    namespace F = torch::nn::functional;
    return F::pad(x, F::PadFuncOptions({p, p, p, p}).mode(torch::kReflect));
}

using Convolve = std::function<torch::Tensor(const torch::Tensor &input, const torch::Tensor &weight, const torch::Tensor &bias)>;

// A convolution's output and its gradients (input, weight, bias) for `gradOutput`: `convolve` called on copies of
// `x`, `weight` and `b` (if defined) that want gradients.
std::vector<torch::Tensor> gradientsOf(const Convolve &convolve, const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &b,
                                       const torch::Tensor &gradOutput)
{
    const bool bias = b.defined();
    auto xi = x.clone().requires_grad_(), wi = weight.clone().requires_grad_();
    auto bi = bias ? b.clone().requires_grad_() : torch::Tensor();
    const auto y = convolve(xi, wi, bi);
    y.backward(gradOutput);
    return {y.detach(), xi.grad(), wi.grad(), bias ? bi.grad() : torch::zeros({1})};
}

const char *const kGradientNames[] = {"output", "input gradient", "weight gradient", "bias gradient"};

// A 3×3 convolution's output and its gradients for `gradOutput`, by Winograd's path or LibTorch's. `x` is padded
// already or, with `reflect`, read as if padded by one pixel of reflection (on LibTorch's side its reflection pad).
std::vector<torch::Tensor> convolutionResults(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &b,
                                              const torch::Tensor &gradOutput, bool winograd, bool reflect)
{
    WinogradKernelCache cache;
    const Convolve convolve = [&](const torch::Tensor &xi, const torch::Tensor &wi, const torch::Tensor &bi) {
        return winograd ? winogradConvolution(xi, wi, bi, cache, reflect) : torch::conv2d(reflect ? reflectPadded(xi, 1) : xi, wi, bi);
    };
    return gradientsOf(convolve, x, weight, b, gradOutput);
}

// Winograd's training path, its transforms in the widest vectors at hand and in the baseline's, against
// LibTorch's: output and gradients to float rounding.
void compareTrainingToDirect(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &b, bool reflect)
{
    const int64_t h = x.size(2) - (reflect ? 0 : 2), w = x.size(3) - (reflect ? 0 : 2);
    const auto gradOutput = torch::randn({x.size(0), weight.size(0), h, w});
    const auto direct = convolutionResults(x, weight, b, gradOutput, false, reflect);
    for (const bool wide : {true, false}) {
        setWinogradWideVectors(wide);
        const auto winograd = convolutionResults(x, weight, b, gradOutput, true, reflect);
        for (size_t i = 0; i < direct.size() && !QTest::currentTestFailed(); ++i)
            compareToRounding(winograd[i], direct[i], QStringLiteral("%1 vectors, %2").arg(winogradVectorSet(), kGradientNames[i]));
    }
    setWinogradWideVectors(true);
}

} // namespace

void TestNetworks::winogradMatchesDirectConvolution_data() { winogradCases(); }

// Against LibTorch's direct convolution on the same padded input: equal to float rounding, with the
// transforms in the widest vectors the processor has and in the baseline build's.
void TestNetworks::winogradMatchesDirectConvolution()
{
    const auto [x, weight, b] = winogradCase();
    const auto direct = torch::conv2d(x, weight, b);
    for (const bool wide : {true, false}) {
        setWinogradWideVectors(wide);
        compareToRounding(winogradConv3x3(x, winogradKernel(weight), b), direct, QStringLiteral("%1 vectors").arg(winogradVectorSet()));
    }
    QCOMPARE(winogradVectorSet(), "baseline");
    setWinogradWideVectors(true);
}

// A generator whose residual blocks run at 64 × 64 takes Winograd's path without a gradient, gives the
// direct path's picture to float rounding, and follows its weights when they change in place.
void TestNetworks::generatorByWinogradMatchesDirect()
{
    ModelOptions o;
    o.ngf = 32; // 128 channels in the blocks
    o.blocks = 2;
    ResnetGenerator g(o);
    torch::NoGradGuard noGrad;
    const auto x = torch::rand({1, 3, 256, 256}) * 2 - 1;
    QVERIFY(winogradWorthwhile(torch::zeros({1, 128, 64, 64}), g->blocks->ptr<ResnetBlockImpl>(0)->conv1->weight));
    auto compare = [&] {
        setWinogradConvolution(false);
        const auto direct = g->forward(x);
        setWinogradConvolution(true);
        const auto winograd = g->forward(x);
        return (winograd - direct).abs().max().item<double>();
    };
    const double before = compare();
    QVERIFY2(before < 1e-4, qPrintable(QString::number(before)));
    QVERIFY2(before > 0, "the same picture to the last bit: Winograd's path was not taken");
    g->blocks->ptr<ResnetBlockImpl>(1)->conv2->weight.mul_(-3); // an optimiser's step does this in place
    const double after = compare();
    QVERIFY2(after < 1e-4, qPrintable(QString::number(after)));
    // A gradient wanted: Winograd's path only with the plain GEMMs its backward pass uses.
    torch::AutoGradMode grad(true);
    const auto weight = g->blocks->ptr<ResnetBlockImpl>(0)->conv1->weight;
    QCOMPARE(winogradWorthwhile(torch::zeros({1, 128, 64, 64}, torch::requires_grad()), weight), winogradDirectGemmAvailable());
    // The sketch model's blocks (24 × 24) from one image; below 16 × 16 the kernel's transforms cost more than they save.
    QCOMPARE(winogradWorthwhile(torch::zeros({1, 128, 24, 24}, torch::requires_grad()), weight), winogradDirectGemmAvailable());
    QVERIFY(!winogradWorthwhile(torch::zeros({3, 128, 8, 8}, torch::requires_grad()), weight));
    setWinogradDirectGemm(false);
    QVERIFY(!winogradWorthwhile(torch::zeros({1, 128, 64, 64}, torch::requires_grad()), weight));
    setWinogradDirectGemm(true);
}

void TestNetworks::winogradGradientsMatchDirect_data() { winogradCases(); }

// Output and gradients (input, weight, bias) against LibTorch's direct convolution's, to float rounding.
void TestNetworks::winogradGradientsMatchDirect()
{
    if (!winogradDirectGemmAvailable())
        QSKIP("this LibTorch does not expose oneDNN's sgemm; training keeps the direct convolution");
    const auto [x, weight, b] = winogradCase();
    compareTrainingToDirect(x, weight, b, false);
}

// A training step's gradients through a whole generator, Winograd's path against the direct one; and the
// path was taken (the gradients differ in the last bits).
void TestNetworks::generatorTrainsByWinograd()
{
    if (!winogradDirectGemmAvailable())
        QSKIP("this LibTorch does not expose oneDNN's sgemm; training keeps the direct convolution");
    torch::manual_seed(9); // before the generator: the same initial weights, and so the same test, in every run
    ModelOptions o;
    o.blocks = 2; // 256 channels at 16 × 16 in the blocks, three images: as large a product as Winograd's path wants
    ResnetGenerator g(o);
    const auto x = torch::rand({3, 3, 64, 64}) * 2 - 1, target = torch::rand({3, 3, 64, 64}) * 2 - 1;
    auto gradients = [&](bool winograd) {
        setWinogradConvolution(winograd);
        g->zero_grad();
        torch::mse_loss(g->forward(x), target).backward();
        std::vector<torch::Tensor> grads;
        for (const auto &p : g->parameters())
            grads.push_back(p.grad().clone());
        return grads;
    };
    const auto direct = gradients(false), winograd = gradients(true);
    setWinogradConvolution(true);
    // Each parameter's gradient against the direct path's by norm, except the biases before an instance norm:
    // the norm takes out their effect, so their gradients are rounding noise around zero in both. Not element
    // by element: where a pre-activation lies within rounding of zero, one path's ReLU passes the gradient and
    // the other's does not, and the instance norms spread that over whole channels (the direct path against
    // itself with the input changed by a millionth: up to 2.6% element by element, 0.2% by norm; Winograd's
    // against the direct one in runs that met such a pixel: up to 4% and 1.2%). A wrong gradient is off by
    // its whole size.
    double worst = 0, total = 0;
    const auto names = g->named_parameters();
    for (size_t i = 0; i < direct.size(); ++i) {
        const auto difference = (winograd[i] - direct[i]).norm().item<double>();
        total += difference;
        const auto &name = names[i].key();
        if (name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0 && name.find("conv_out") == std::string::npos)
            continue;
        worst = std::max(worst, difference / std::max(direct[i].norm().item<double>(), 1e-12));
    }
    QVERIFY2(worst < 5e-2, qPrintable(QString::number(worst)));
    QVERIFY2(total > 0, "the same gradients to the last bit: Winograd's path was not taken");
}

void TestNetworks::winogradFoldsReflectionPadding_data() { winogradCases(); }

// The input unpadded and read with one pixel of reflection: output and gradients as LibTorch's reflection pad
// followed by its convolution, to float rounding, with and without a gradient.
void TestNetworks::winogradFoldsReflectionPadding()
{
    const auto [padded, weight, b] = winogradCase();
    const int64_t h = padded.size(2) - 2, w = padded.size(3) - 2;
    if (h < 2 || w < 2)
        QSKIP("reflection padding needs two rows and two columns");
    const auto x = padded.narrow(2, 1, h).narrow(3, 1, w).contiguous();
    const auto direct = torch::conv2d(reflectPadded(x, 1), weight, b);
    compareToRounding(winogradConv3x3(x, winogradKernel(weight), b, true), direct, "output without a gradient");
    if (!QTest::currentTestFailed() && winogradDirectGemmAvailable())
        compareTrainingToDirect(x, weight, b, true);
}

void TestNetworks::narrowConvolutionMatchesDirect_data()
{
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("in");
    QTest::addColumn<int>("out");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("h");
    QTest::addColumn<int>("w");
    QTest::addColumn<bool>("bias");
    QTest::addColumn<qint64>("stripBytes");
    const qint64 whole = qint64{64} << 20;
    QTest::newRow("the generator's last layer, ragged size, two images") << 2 << 64 << 3 << 7 << 21 << 30 << true << whole;
    QTest::newRow("in strips of rows") << 1 << 16 << 3 << 7 << 40 << 19 << true << qint64{3 * 49 * 19 * 4 * 10};
    QTest::newRow("one row a strip") << 1 << 8 << 3 << 7 << 9 << 11 << true << qint64{1};
    QTest::newRow("plane just above the padding") << 1 << 8 << 3 << 7 << 4 << 5 << true << whole;
    QTest::newRow("one output, 3 x 3, no bias") << 1 << 8 << 1 << 3 << 2 << 7 << false << whole;
}

namespace {

// The current row of narrowConvolutionMatchesDirect_data: an input, a weight and a bias (or none), and the
// strips' size.
struct NarrowCase
{
    torch::Tensor x, weight, b;
    int64_t stripBytes;
};

NarrowCase narrowCase()
{
    QFETCH(int, batch);
    QFETCH(int, in);
    QFETCH(int, out);
    QFETCH(int, kernel);
    QFETCH(int, h);
    QFETCH(int, w);
    QFETCH(bool, bias);
    QFETCH(qint64, stripBytes);
    torch::manual_seed(4);
    const auto x = torch::randn({batch, in, h, w}), weight = torch::randn({out, in, kernel, kernel}) * 0.05;
    return {x, weight, bias ? torch::randn({out}) : torch::Tensor(), stripBytes};
}

} // namespace

// Against LibTorch's reflection pad and convolution, to float rounding, and taken only where it serves.
void TestNetworks::narrowConvolutionMatchesDirect()
{
    const auto c = narrowCase();
    const auto direct = torch::conv2d(reflectPadded(c.x, c.weight.size(2) / 2), c.weight, c.b);
    torch::NoGradGuard noGrad;
    QVERIFY(narrowConvolutionWorthwhile(c.x, c.weight));
    compareToRounding(narrowConvolution(c.x, c.weight, c.b, c.stripBytes), direct, "output");
}

void TestNetworks::narrowConvolutionGradientsMatchDirect_data() { narrowConvolutionMatchesDirect_data(); }

// Training's path: the output and the gradients of input, weight and bias against LibTorch's reflection pad and
// convolution, to float rounding; and the weight's alone, for an input that wants none.
void TestNetworks::narrowConvolutionGradientsMatchDirect()
{
    const auto c = narrowCase();
    const auto gradOutput = torch::randn({c.x.size(0), c.weight.size(0), c.x.size(2), c.x.size(3)});
    const Convolve narrow = [&](const torch::Tensor &xi, const torch::Tensor &wi, const torch::Tensor &bi) {
        return narrowConvolution(xi, wi, bi, c.stripBytes);
    };
    const Convolve direct = [&](const torch::Tensor &xi, const torch::Tensor &wi, const torch::Tensor &bi) {
        return torch::conv2d(reflectPadded(xi, wi.size(2) / 2), wi, bi);
    };
    const auto expected = gradientsOf(direct, c.x, c.weight, c.b, gradOutput), value = gradientsOf(narrow, c.x, c.weight, c.b, gradOutput);
    for (size_t i = 0; i < expected.size() && !QTest::currentTestFailed(); ++i)
        compareToRounding(value[i], expected[i], kGradientNames[i]);
    auto wi = c.weight.clone().requires_grad_();
    narrowConvolution(c.x, wi, c.b, c.stripBytes).backward(gradOutput);
    compareToRounding(wi.grad(), expected[2], "weight gradient, the input wanting none");
}

void TestNetworks::phaseTransposedConvolutionMatchesLibTorch_data()
{
    convolutionCaseColumns();
    QTest::newRow("one image") << 1 << 16 << 8 << 6 << 6 << true;
    QTest::newRow("three images, odd plane") << 3 << 12 << 5 << 5 << 7 << true;
    QTest::newRow("two images, no bias") << 2 << 7 << 9 << 4 << 3 << false;
    QTest::newRow("one pixel") << 2 << 4 << 3 << 1 << 1 << true;
}

// ConvTranspose2d(3, stride 2, padding 1, output padding 1) as GEMMs over the nine taps, against LibTorch's
// conv_transpose2d (the plane: the input's size): the output without a gradient, and the output and its gradients
// while training.
void TestNetworks::phaseTransposedConvolutionMatchesLibTorch()
{
    const auto [batch, in, out, h, w, bias] = convolutionCase();
    torch::manual_seed(11);
    const auto x = torch::randn({batch, in, h, w});
    const auto weight = torch::randn({in, out, 3, 3}) * 0.1;
    const auto b = bias ? torch::randn({out}) : torch::Tensor();
    QVERIFY(phaseTransposedConvolutionWorthwhile(x, weight));
    const auto libtorch = [](const torch::Tensor &xi, const torch::Tensor &wi, const torch::Tensor &bi) {
        return torch::conv_transpose2d(xi, wi, bi, /*stride=*/2, /*padding=*/1, /*output_padding=*/1);
    };
    {
        torch::NoGradGuard noGrad;
        compareToRounding(phaseTransposedConvolution(x, weight, b), libtorch(x, weight, b), "translation");
    }
    const auto gradOutput = torch::randn({batch, out, 2 * h, 2 * w});
    const auto phases = gradientsOf(phaseTransposedConvolution, x, weight, b, gradOutput);
    const auto expected = gradientsOf(libtorch, x, weight, b, gradOutput);
    for (size_t i = 0; i < expected.size(); ++i)
        compareToRounding(phases[i], expected[i], kGradientNames[i]);
}

namespace {

// One training pass of a small generator `g` on `x` against `target` (mean squared error), its gradients zeroed
// first: the output, then the gradients of `parameters`; and the names of the autograd nodes behind the output.
std::pair<std::vector<torch::Tensor>, std::set<std::string>> trainingPassOf(ResnetGenerator &g, const torch::Tensor &x, const torch::Tensor &target,
                                                                            const std::vector<torch::Tensor> &parameters)
{
    g->zero_grad();
    const auto y = g->forward(x);
    const auto nodes = testdata::gradientNodes(y);
    torch::mse_loss(y, target).backward();
    std::vector<torch::Tensor> results{y.detach()};
    for (const auto &p : parameters)
        results.push_back(p.grad().clone());
    return {results, nodes};
}

ResnetGenerator smallGenerator(uint64_t seed)
{
    ModelOptions o;
    o.ngf = 8;
    o.blocks = 1;
    torch::manual_seed(seed);
    return ResnetGenerator(o);
}

} // namespace

// The generator's upsampling layers go through the phase GEMMs while training, and the switch brings back the
// 2 × 2 convolution with the same numbers.
void TestNetworks::generatorUpsamplesByPhases()
{
    auto g = smallGenerator(7);
    const auto x = torch::rand({2, 3, 20, 28}) * 2 - 1, target = torch::rand({2, 3, 20, 28}) * 2 - 1;
    const std::vector<torch::Tensor> parameters{g->up1->weight, g->up2->weight, g->convIn->weight};
    setPhaseTransposedConvolution(true);
    const auto [phases, phaseNodes] = trainingPassOf(g, x, target, parameters);
    setPhaseTransposedConvolution(false);
    const auto [conv, convNodes] = trainingPassOf(g, x, target, parameters);
    setPhaseTransposedConvolution(true);
    const std::string node = "torch::autograd::CppNode<engine::(anonymous namespace)::PhaseTransposedConvolution>";
    QVERIFY(phaseNodes.count(node) > 0);
    QVERIFY(convNodes.count(node) == 0);
    const char *names[] = {"output", "up1 weight gradient", "up2 weight gradient", "conv_in weight gradient"};
    for (size_t i = 0; i < phases.size(); ++i)
        compareToRounding(phases[i], conv[i], names[i]);
}

// The generator's last layer takes the GEMM and shifted sum in translation and in training: the same picture and
// gradients as LibTorch's convolution to float rounding, and switching it off gives LibTorch's.
void TestNetworks::generatorEndsByNarrowConvolution()
{
    auto g = smallGenerator(6);
    const auto x = torch::rand({2, 3, 36, 28}) * 2 - 1, target = torch::rand({2, 3, 36, 28}) * 2 - 1;
    const auto lastInput = torch::zeros({2, 8, 36, 28}, torch::requires_grad());
    QVERIFY(narrowConvolutionWorthwhile(lastInput, g->convOut->weight));
    const std::vector<torch::Tensor> parameters{g->convOut->weight, g->convOut->bias, g->convIn->weight};
    setNarrowConvolution(true);
    const auto narrowTrained = trainingPassOf(g, x, target, parameters).first;
    setNarrowConvolution(false);
    const auto directTrained = trainingPassOf(g, x, target, parameters).first;
    setNarrowConvolution(true);
    const char *names[] = {"training's forward pass", "the last layer's weight gradient", "the last layer's bias gradient",
                           "the first layer's weight gradient"};
    for (size_t i = 0; i < directTrained.size() && !QTest::currentTestFailed(); ++i)
        compareToRounding(narrowTrained[i], directTrained[i], names[i]);
    QVERIFY2((narrowTrained[1] - directTrained[1]).abs().max().item<double>() > 0, "the same gradient to the last bit: the narrow path was not taken");

    torch::NoGradGuard noGrad;
    const auto narrow = g->forward(x);
    setNarrowConvolution(false);
    QVERIFY(!narrowConvolutionWorthwhile(lastInput, g->convOut->weight));
    const auto direct = g->forward(x);
    setNarrowConvolution(true);
    compareToRounding(narrow, direct, "translation");
    QVERIFY2((narrow - direct).abs().max().item<double>() > 0, "the same picture to the last bit: the narrow path was not taken");
    QVERIFY(!narrowConvolutionWorthwhile(torch::zeros({1, 8, 3, 28}), g->convOut->weight)); // padding 3 needs 4 rows
}

// While autograd records, the activations after the instance norms (the generator's ReLUs, the discriminator's
// LeakyReLUs) run out of place, so that their backward pass copies no whole tensors (no CopySlices node), with
// the same gradients as the reference's in-place form.
void TestNetworks::normActivationsOutOfPlaceWhileTraining()
{
    ModelOptions o;
    o.ngf = o.ndf = 8;
    o.blocks = 1;
    torch::manual_seed(7);
    ResnetGenerator g(o);
    const auto x = torch::rand({2, 3, 32, 32}) * 2 - 1;
    auto run = [&](bool outOfPlace) {
        setOutOfPlaceNormActivations(outOfPlace);
        torch::manual_seed(8); // the same discriminator both times
        PatchDiscriminator d(o);
        g->zero_grad();
        const auto y = d->forward(g->forward(x)).mean();
        const bool copies = testdata::copiesSlices(y);
        y.backward();
        std::vector<torch::Tensor> grads;
        for (const auto &p : g->parameters())
            grads.push_back(p.grad().clone());
        for (const auto &p : d->parameters())
            grads.push_back(p.grad().clone());
        return std::make_pair(copies, grads);
    };
    const auto [inPlaceCopies, inPlace] = run(false);
    const auto [outOfPlaceCopies, outOfPlace] = run(true);
    QVERIFY2(inPlaceCopies, "in place, the backward pass copies (what this test is about)");
    QVERIFY2(!outOfPlaceCopies, "out of place, the backward pass still copies");
    QCOMPARE(outOfPlace.size(), inPlace.size());
    for (size_t i = 0; i < inPlace.size() && !QTest::currentTestFailed(); ++i)
        compareToRounding(outOfPlace[i], inPlace[i], QStringLiteral("parameter %1's gradient").arg(i));
    QVERIFY(outOfPlaceNormActivations());
}

void TestNetworks::trainingEstimate()
{
    TrainOptions o;
    o.cropSize = o.loadSize = 32;
    o.model.ngf = o.model.ndf = 8;
    o.model.blocks = 1;
    RuntimeOptions rt = testdata::testRuntime();
    rt.threads = 1;
    const auto e = estimateTraining(o, rt);
    QCOMPARE(e.parameters, 2 * (countParameters(*ResnetGenerator(o.model)) + countParameters(*PatchDiscriminator(o.model))));
    QVERIFY(e.secondsPerIteration > 0);
    QVERIFY(e.memoryBytes > 0);
    QVERIFY(e.deviceKind == (rt.device == DeviceChoice::Cuda ? ComputeDevice::Cuda : ComputeDevice::Cpu));
    QVERIFY(e.device.availableBytes > 0); // Linux: from /proc/meminfo

    // Work grows with the square of the size; memory grows with the size and the batch.
    TrainOptions big = o;
    big.cropSize = big.loadSize = 64;
    QVERIFY(std::abs(trainingGflop(big) / trainingGflop(o) - 4.0) < 0.3);
    QVERIFY(trainingMemoryBytes(big, e.parameters) > trainingMemoryBytes(o, e.parameters));
    big.batchSize = 2;
    QVERIFY(std::abs(trainingGflop(big) / trainingGflop(o) - 8.0) < 0.6);
    // The reference 256 px model: about 1.9 TFLOP per iteration (six generator passes dominate).
    TrainOptions paper;
    QVERIFY(trainingGflop(paper) > 1700 && trainingGflop(paper) < 2100);
    // Nine residual blocks at 64 × 64 are about five sixths of it.
    QVERIFY(residualBlockGflop(paper) / trainingGflop(paper) > 0.8 && residualBlockGflop(paper) / trainingGflop(paper) < 0.86);
}

QTEST_APPLESS_MAIN(TestNetworks)
#include "tst_networks.moc"
