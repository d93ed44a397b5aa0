// Training follows the official PyTorch CycleGAN step by step: CycleStudio and the reference
// (tests/reference/cyclegan_reference.py, the official layout and update order) start from the same
// weights of all four networks (moved across as .pth files), see the same images and make the same
// image-pool choices; after 20 single-threaded iterations every loss of every iteration and every weight
// agree within a relative 1e-4.
//
// Both sides compute in float64. In float32 the two agree to a few 1e-6 at first and then drift apart by
// 1e-4 within a few iterations, for a reason that is not a difference of algorithm: in Adam's first steps
// the update is about lr · sign(gradient), so a weight whose gradient is near zero (every bias in front
// of an instance norm has an exactly zero gradient, up to rounding) moves by ±lr on rounding noise alone,
// differently on each side; GAN training then amplifies the difference. In float64 the rounding noise is
// 1e-16 and the comparison shows what it should: the same algorithm. Needs python3-torch, which scripts/test installs; without it the test
// is skipped, unless CYCLESTUDIO_REQUIRE_REFERENCE=1 (set by scripts/test) makes that a failure.

#include "interop/official.h"
#include "interop/pth.h"
#include "models/cyclegan.h"
#include "models/stargan.h"
#include "tests/testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest/QtTest>

#include <fstream>
#include <set>

using namespace engine;
namespace fs = std::filesystem;

namespace {

constexpr int kIterations = 20;
constexpr double kRelative = 1e-4;
const QString kPython = QStringLiteral("/usr/bin/python3");

void writeJson(const fs::path &file, const QJsonObject &object)
{
    std::ofstream(file, std::ios::binary) << QJsonDocument(object).toJson().toStdString();
}

// Runs a reference script's lockstep mode on `dir`: empty on success, else why it failed.
QString runLockstep(const char *script, const fs::path &dir)
{
    QProcess reference;
    reference.start(kPython, {QString::fromUtf8(script), QStringLiteral("lockstep"), QString::fromStdString(dir.u8string())});
    if (!reference.waitForFinished(600000))
        return QStringLiteral("The reference did not finish within 10 minutes.");
    return reference.exitCode() == 0 ? QString() : QString::fromUtf8(reference.readAllStandardError());
}

QJsonObject readJson(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return QJsonDocument::fromJson(QByteArray::fromStdString(bytes)).object();
}

StateDict parameters(torch::nn::Module &module)
{
    StateDict out;
    for (const auto &p : module.named_parameters(true))
        out.emplace_back(p.key(), p.value().detach().clone());
    return out;
}

QJsonArray toJson(const std::vector<int> &values)
{
    QJsonArray out;
    for (int v : values)
        out.append(v);
    return out;
}

// The largest difference over a tensor, relative to the tensor's largest magnitude.
double relativeDifference(const torch::Tensor &ours, const torch::Tensor &theirs)
{
    const double scale = std::max(theirs.abs().max().item<double>(), 1e-12);
    return (ours - theirs).abs().max().item<double>() / scale;
}

} // namespace

class TestLockstep : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void followsTheReference_data();
    void followsTheReference();
    void multiDomainFollowsTheReference();

private:
    QTemporaryDir m_dir;
    bool m_haveReference = false;
};

void TestLockstep::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QProcess probe;
    probe.start(kPython, {"-c", "import torch"});
    m_haveReference = probe.waitForFinished(60000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
    if (!m_haveReference && qEnvironmentVariable("CYCLESTUDIO_REQUIRE_REFERENCE") == QLatin1String("1"))
        QFAIL("python3-torch is needed for the lockstep test (apt-get install python3-torch)");
}

void TestLockstep::followsTheReference_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("ngf");
    QTest::addColumn<int>("blocks");
    QTest::addColumn<int>("mode");
    QTest::addColumn<double>("identity");
    QTest::newRow("32 px ngf 8, LSGAN, identity") << 32 << 8 << 2 << int(GanMode::Lsgan) << 0.5;
    QTest::newRow("32 px ngf 8, LSGAN, no identity") << 32 << 8 << 2 << int(GanMode::Lsgan) << 0.0;
    QTest::newRow("32 px ngf 8, vanilla, identity") << 32 << 8 << 2 << int(GanMode::Vanilla) << 0.5;
    QTest::newRow("32 px ngf 8, vanilla, no identity") << 32 << 8 << 2 << int(GanMode::Vanilla) << 0.0;
    QTest::newRow("64 px ngf 32, LSGAN, identity") << 64 << 32 << 6 << int(GanMode::Lsgan) << 0.5;
    QTest::newRow("64 px ngf 32, vanilla, identity") << 64 << 32 << 6 << int(GanMode::Vanilla) << 0.5;
    QTest::newRow("64 px ngf 32, LSGAN, no identity") << 64 << 32 << 6 << int(GanMode::Lsgan) << 0.0;
}

void TestLockstep::followsTheReference()
{
    if (!m_haveReference)
        QSKIP("python3-torch is not installed");
    QFETCH(int, size);
    QFETCH(int, ngf);
    QFETCH(int, blocks);
    QFETCH(int, mode);
    QFETCH(double, identity);
    torch::set_num_threads(1);
    auto o = testdata::tinyOptions();
    o.cropSize = size;
    o.model.ngf = ngf;
    o.model.ndf = ngf; // as the reference's defaults (--ngf 64 --ndf 64)
    o.model.blocks = blocks;
    o.ganMode = static_cast<GanMode>(mode);
    o.lambdaIdentity = identity;
    o.poolSize = 4; // small, so that the pools exchange images within the 20 iterations
    const auto dir = testdata::path(m_dir, QTest::currentDataTag());
    fs::create_directories(dir);

    CycleGanModel model(o, torch::kCPU, 11);
    writeStateDict(toOfficialGenerator(*model.G_A), dir / "init_G_A.pth");
    writeStateDict(toOfficialGenerator(*model.G_B), dir / "init_G_B.pth");
    writeStateDict(parameters(*model.D_A), dir / "init_D_A.pth");
    writeStateDict(parameters(*model.D_B), dir / "init_D_B.pth");
    for (torch::nn::Module *net : {static_cast<torch::nn::Module *>(model.G_A.get()), static_cast<torch::nn::Module *>(model.G_B.get()),
                                   static_cast<torch::nn::Module *>(model.D_A.get()), static_cast<torch::nn::Module *>(model.D_B.get())})
        net->to(torch::kDouble); // in place: the optimisers keep their parameters
    torch::manual_seed(5);
    const auto images = (torch::rand({kIterations, 2, 1, 3, size, size}, torch::kDouble) * 2 - 1).contiguous();
    std::ofstream(dir / "images.bin", std::ios::binary).write(static_cast<const char *>(images.data_ptr()), images.numel() * 8);

    std::vector<int> decisionsA, decisionsB;
    model.poolA.recordDecisions(&decisionsA);
    model.poolB.recordDecisions(&decisionsB);
    std::vector<LossValues> ours;
    for (int i = 0; i < kIterations; ++i)
        ours.push_back(model.step(images[i][0], images[i][1]));
    QVERIFY(std::count_if(decisionsB.begin(), decisionsB.end(), [](int d) { return d >= 0; }) > 0); // the pool did exchange

    writeJson(dir / "pool_decisions.json", {{"A", toJson(decisionsA)}, {"B", toJson(decisionsB)}});
    writeJson(dir / "config.json", {{"ngf", o.model.ngf}, {"ndf", o.model.ndf}, {"blocks", o.model.blocks},
                                    {"d_layers", o.model.discriminatorLayers}, {"size", size}, {"batch", 1},
                                    {"gan_mode", o.ganMode == GanMode::Lsgan ? "lsgan" : "vanilla"}, {"lambda_A", o.lambdaA},
                                    {"lambda_B", o.lambdaB}, {"lambda_identity", o.lambdaIdentity}, {"lr", o.lr}, {"beta1", o.beta1},
                                    {"beta2", o.beta2}, {"pool_size", o.poolSize}, {"iterations", kIterations}});
    const QString failed = runLockstep(CYCLESTUDIO_REFERENCE_PY, dir);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));

    // Every loss of every iteration.
    const auto theirs = readJson(dir / "reference_losses.json");
    const auto names = theirs["names"].toArray();
    const auto rows = theirs["losses"].toArray();
    QCOMPARE(rows.size(), kIterations);
    double worstLoss = 0;
    QStringList perIteration;
    for (int i = 0; i < kIterations; ++i) {
        double worstHere = 0;
        for (int k = 0; k < names.size(); ++k) {
            const double a = ours[size_t(i)][names[k].toString().toStdString()], b = rows[i].toArray()[k].toDouble();
            worstHere = std::max(worstHere, std::abs(a - b) / std::max(std::abs(b), 1e-6));
        }
        perIteration << QString::number(worstHere, 'g', 2);
    }
    qInfo("largest relative loss difference per iteration: %s", qPrintable(perIteration.join(' ')));
    for (int i = 0; i < kIterations; ++i)
        for (int k = 0; k < names.size(); ++k) {
            const double a = ours[size_t(i)][names[k].toString().toStdString()], b = rows[i].toArray()[k].toDouble();
            const double difference = std::abs(a - b) / std::max(std::abs(b), 1e-6);
            worstLoss = std::max(worstLoss, difference);
            QVERIFY2(difference < kRelative, qPrintable(QString("iteration %1, %2: CycleStudio %3, reference %4")
                                                            .arg(i + 1).arg(names[k].toString()).arg(a, 0, 'g', 9).arg(b, 0, 'g', 9)));
        }
    // Every weight after the last iteration. The biases of convolutions followed by an instance norm
    // have no effect and an exactly zero gradient; Adam moves them on rounding noise alone (by about
    // lr · 1e-13 / eps a step here), so they are compared in absolute terms.
    double worstWeight = 0, worstNoise = 0;
    auto compare = [&](torch::nn::Module &ourNet, const StateDict &theirNet, const char *net, const std::set<std::string> &effective) {
        std::map<std::string, torch::Tensor> byName(theirNet.begin(), theirNet.end());
        for (const auto &p : ourNet.named_parameters(true)) {
            QVERIFY2(byName.count(p.key()), p.key().c_str());
            const auto theirs = byName[p.key()].to(torch::kDouble);
            if (p.key().size() > 5 && p.key().compare(p.key().size() - 5, 5, ".bias") == 0 && !effective.count(p.key())) {
                const double noise = (p.value() - theirs).abs().max().item<double>();
                worstNoise = std::max(worstNoise, noise);
                QVERIFY2(noise < 1e-6, qPrintable(QString("%1 %2 (no effect) differs by %3").arg(net, p.key().c_str()).arg(noise)));
                continue;
            }
            const double difference = relativeDifference(p.value(), theirs);
            worstWeight = std::max(worstWeight, difference);
            QVERIFY2(difference < kRelative, qPrintable(QString("%1 %2 differs by %3").arg(net, p.key().c_str()).arg(difference)));
        }
    };
    const std::set<std::string> generatorBiases{"conv_out.bias"};
    const std::string lastD = "model." + std::to_string(model.D_A->model->size() - 1) + ".bias";
    const std::set<std::string> discriminatorBiases{"model.0.bias", lastD};
    compare(*model.G_A, fromOfficialGenerator(readStateDict(dir / "final_G_A.pth"), "G_A").weights, "G_A", generatorBiases);
    compare(*model.G_B, fromOfficialGenerator(readStateDict(dir / "final_G_B.pth"), "G_B").weights, "G_B", generatorBiases);
    compare(*model.D_A, readStateDict(dir / "final_D_A.pth"), "D_A", discriminatorBiases);
    compare(*model.D_B, readStateDict(dir / "final_D_B.pth"), "D_B", discriminatorBiases);
    qInfo("largest relative difference: losses %.2g, weights %.2g; biases without effect %.2g apart", worstLoss, worstWeight, worstNoise);
}

// The multi-domain mode against the StarGAN solver's update: the discriminator with gradient penalty
// every iteration, the generator every n_critic, the same loss weights; CycleStudio's target domains
// and mixing weights replayed on the reference's side.
void TestLockstep::multiDomainFollowsTheReference()
{
    if (!m_haveReference)
        QSKIP("python3-torch is not installed");
    torch::set_num_threads(1);
    MultiDomainOptions o;
    o.imageSize = 32;
    o.gConvDim = 8;
    o.dConvDim = 8;
    o.gRepeat = 2;
    o.dRepeat = 3;
    o.batchSize = 2;
    const int domains = 3, n = o.batchSize;
    const auto dir = testdata::path(m_dir, "multidomain");
    fs::create_directories(dir);
    StarGanModel model(o, domains, torch::kCPU, 13);
    writeStateDict(parameters(*model.G), dir / "init_G.pth");
    writeStateDict(parameters(*model.D), dir / "init_D.pth");
    model.G->to(torch::kDouble);
    model.D->to(torch::kDouble);
    torch::manual_seed(17);
    const auto images = (torch::rand({kIterations, n, 3, o.imageSize, o.imageSize}, torch::kDouble) * 2 - 1).contiguous();
    const auto labels = torch::randint(domains, {kIterations, n}, torch::kLong);
    std::ofstream(dir / "images.bin", std::ios::binary).write(static_cast<const char *>(images.data_ptr()), images.numel() * 8);

    std::vector<torch::Tensor> draws;
    model.recordDraws = &draws;
    std::vector<LossValues> ours;
    for (int i = 0; i < kIterations; ++i)
        ours.push_back(model.step(images[i], labels[i]));
    QCOMPARE(int(draws.size()), 2 * kIterations);
    QJsonArray labelRows, targetRows, alphaRows;
    for (int i = 0; i < kIterations; ++i) {
        QJsonArray l, t, a;
        for (int j = 0; j < n; ++j) {
            l.append(qint64(labels[i][j].item<int64_t>()));
            t.append(qint64(draws[size_t(2 * i)][j].item<int64_t>()));
            a.append(draws[size_t(2 * i + 1)][j].item<double>());
        }
        labelRows.append(l);
        targetRows.append(t);
        alphaRows.append(a);
    }
    writeJson(dir / "draws.json", {{"labels", labelRows}, {"targets", targetRows}, {"alpha", alphaRows}});
    writeJson(dir / "config.json", {{"image_size", o.imageSize}, {"g_conv_dim", o.gConvDim}, {"d_conv_dim", o.dConvDim},
                                    {"g_repeat", o.gRepeat}, {"d_repeat", o.dRepeat}, {"c_dim", domains}, {"batch", n},
                                    {"lambda_cls", o.lambdaCls}, {"lambda_rec", o.lambdaRec}, {"lambda_gp", o.lambdaGp},
                                    {"n_critic", o.nCritic}, {"lr", o.lr}, {"beta1", o.beta1}, {"beta2", o.beta2},
                                    {"iterations", kIterations}});
    const QString failed = runLockstep(CYCLESTUDIO_STARGAN_REFERENCE_PY, dir);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));

    const auto theirs = readJson(dir / "reference_losses.json");
    const auto names = theirs["names"].toArray();
    const auto rows = theirs["losses"].toArray();
    QCOMPARE(rows.size(), kIterations);
    double worstLoss = 0;
    int generatorUpdates = 0;
    for (int i = 0; i < kIterations; ++i)
        for (int k = 0; k < names.size(); ++k) {
            const double a = ours[size_t(i)][names[k].toString().toStdString()];
            const QJsonValue b = rows[i].toArray().at(k);
            QCOMPARE(std::isnan(a), b.isNull()); // the generator's losses on the same iterations
            if (b.isNull())
                continue;
            generatorUpdates += names[k].toString() == QLatin1String("G_rec");
            const double difference = std::abs(a - b.toDouble()) / std::max(std::abs(b.toDouble()), 1e-6);
            worstLoss = std::max(worstLoss, difference);
            QVERIFY2(difference < kRelative, qPrintable(QString("iteration %1, %2: CycleStudio %3, reference %4")
                                                            .arg(i + 1).arg(names[k].toString()).arg(a, 0, 'g', 9).arg(b.toDouble(), 0, 'g', 9)));
        }
    QCOMPARE(generatorUpdates, kIterations / o.nCritic);
    double worstWeight = 0;
    for (auto [net, file] : {std::pair<torch::nn::Module *, const char *>{model.G.get(), "final_G.pth"}, {model.D.get(), "final_D.pth"}}) {
        const auto state = readStateDict(dir / file);
        std::map<std::string, torch::Tensor> byName(state.begin(), state.end());
        for (const auto &p : net->named_parameters(true)) {
            QVERIFY2(byName.count(p.key()), p.key().c_str());
            const double difference = relativeDifference(p.value(), byName[p.key()].to(torch::kDouble));
            worstWeight = std::max(worstWeight, difference);
            QVERIFY2(difference < kRelative, qPrintable(QString("%1 %2 differs by %3").arg(file, p.key().c_str()).arg(difference)));
        }
    }
    qInfo("multi-domain: largest relative difference: losses %.2g, weights %.2g", worstLoss, worstWeight);
}

QTEST_GUILESS_MAIN(TestLockstep)
#include "tst_lockstep.moc"
