// The multi-domain (StarGAN) mode: the reference's network sizes, the WGAN-GP penalty, the n_critic
// schedule, conditioning on the target domain, learning on a toy task, exact resume, projects with named
// domains, previews, translation at any size, and bad input.

#include "engine/project/checkpoint.h"
#include "engine/core/error.h"
#include "training/cyclegantrainer.h"
#include "training/multidomaintrainer.h"
#include "translation/domaintranslator.h"
#include "models/networks.h"
#include "engine/project/project.h"
#include "models/stargan.h"
#include "tests/autogradnodes.h"
#include "tests/testdata.h"

#include <QtTest/QtTest>

#include <fstream>
#include <numeric>

using namespace engine;
namespace fs = std::filesystem;

class TestStarGan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void referenceParameterCounts();
    void shapesAndConditioning();
    void normActivationsOutOfPlaceWhileTraining();
    void gradientPenaltyOfALinearCritic();
    void criticScoresRealAndFakeInOneBatch();
    void generatorUpdatesEveryNCritic();
    void projectsWithNamedDomains();
    void learnsAToyTaskAndResumesExactly();
    void previewAndTranslation();
    void damagedCheckpointFallsBackToAnOlderOne();

private:
    fs::path newProject(const char *name, const MultiDomainOptions &o);
    QTemporaryDir m_dir;
    RuntimeOptions m_runtime;
};

namespace {
MultiDomainOptions tiny() { return testdata::tinyMultiDomainOptions(); }

std::vector<torch::Tensor> snapshot(torch::nn::Module &m)
{
    std::vector<torch::Tensor> out;
    for (const auto &p : m.parameters())
        out.push_back(p.detach().clone());
    return out;
}

bool same(const std::vector<torch::Tensor> &a, torch::nn::Module &m)
{
    const auto b = m.parameters();
    for (size_t i = 0; i < a.size(); ++i)
        if (!a[i].equal(b[i]))
            return false;
    return true;
}
} // namespace

void TestStarGan::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const auto data = testdata::path(m_dir, "data");
    testdata::makeDomains(data, 6, 36); // A: horizontal stripes, B: vertical stripes
    fs::create_directories(data / "C");
    for (int i = 0; i < 6; ++i) { // C: flat colours
        Image img(36, 36);
        std::fill(img.rgb.begin(), img.rgb.end(), std::uint8_t(30 + 35 * i));
        saveImage(img, data / "C" / ("c" + std::to_string(i) + ".png"));
    }
    m_runtime = testdata::testRuntime();
    m_runtime.threads = 2;
}

fs::path TestStarGan::newProject(const char *name, const MultiDomainOptions &o)
{
    const auto data = testdata::path(m_dir, "data");
    const auto dir = testdata::path(m_dir, name);
    Project::createMultiDomain(dir, {{"stripes", {data / "A"}}, {"bars", {data / "B"}}, {"flat", {data / "C"}}}, o);
    return dir;
}

void TestStarGan::referenceParameterCounts()
{
    // yunjey/stargan model.py with its defaults, for 5 domains at 128 px.
    const MultiDomainOptions paper;
    StarGenerator g(paper.gConvDim, 5, paper.gRepeat);
    StarDiscriminator d(paper.imageSize, paper.dConvDim, 5, paper.dRepeat);
    QCOMPARE(countParameters(*g), std::int64_t(8430528));
    QCOMPARE(countParameters(*d), std::int64_t(44762048));
    QCOMPARE(d->conv2->options.kernel_size()->at(0), std::int64_t(2)); // 128 / 2^6
}

void TestStarGan::shapesAndConditioning()
{
    const auto o = tiny();
    torch::manual_seed(1);
    StarGenerator g(o.gConvDim, 3, o.gRepeat);
    StarDiscriminator d(o.imageSize, o.dConvDim, 3, o.dRepeat);
    const auto x = torch::rand({2, 3, 32, 32}) * 2 - 1;
    const auto y0 = g->forward(x, torch::tensor({0, 0}));
    QCOMPARE(y0.sizes().vec(), (std::vector<int64_t>{2, 3, 32, 32}));
    QVERIFY(y0.abs().max().item<double>() <= 1.0);
    // Another target domain gives another image: the label reaches the network.
    QVERIFY((g->forward(x, torch::tensor({2, 2})) - y0).abs().max().item<double>() > 1e-4);
    const auto [src, cls] = d->forward(x);
    QCOMPARE(src.sizes().vec(), (std::vector<int64_t>{2, 1, 4, 4}));
    QCOMPARE(cls.sizes().vec(), (std::vector<int64_t>{2, 3}));
}

// While autograd records, the generator's ReLUs after its norms run out of place: no whole-tensor copies in the
// backward pass, and the same picture and gradients as the reference's in-place ReLUs.
void TestStarGan::normActivationsOutOfPlaceWhileTraining()
{
    const auto o = tiny();
    torch::manual_seed(2);
    StarGenerator g(o.gConvDim, 3, o.gRepeat);
    const auto x = torch::rand({2, 3, 32, 32}) * 2 - 1;
    auto run = [&](bool outOfPlace) {
        setOutOfPlaceNormActivations(outOfPlace);
        g->zero_grad();
        const auto y = g->forward(x, torch::tensor({1, 2}));
        const bool copies = testdata::copiesSlices(y);
        y.pow(2).mean().backward();
        std::vector<torch::Tensor> values{y.detach()};
        for (const auto &p : g->parameters())
            values.push_back(p.grad().clone());
        return std::make_pair(copies, values);
    };
    const auto inPlace = run(false), outOfPlace = run(true);
    QVERIFY2(inPlace.first, "in place, the backward pass copies (what this test is about)");
    QVERIFY2(!outOfPlace.first, "out of place, the backward pass still copies");
    for (size_t i = 0; i < inPlace.second.size(); ++i)
        QVERIFY2(torch::allclose(outOfPlace.second[i], inPlace.second[i], 1e-5, 1e-7), qPrintable(QStringLiteral("value %1").arg(i)));
    torch::NoGradGuard noGrad; // translation: in place, the same picture
    QVERIFY(torch::allclose(g->forward(x, torch::tensor({1, 2})), inPlace.second[0], 1e-5, 1e-7));
}

void TestStarGan::gradientPenaltyOfALinearCritic()
{
    // out = <w, x> per sample: the gradient is w everywhere, so the penalty is (||w|| - 1)^2.
    const auto w = torch::full({1, 3, 4, 4}, 0.5);
    const auto x = torch::rand({3, 3, 4, 4}).requires_grad_(true);
    const auto out = (x * w).sum({1, 2, 3});
    const double norm = w.norm().item<double>(); // sqrt(48 * 0.25)
    QVERIFY(std::abs(gradientPenalty(out, x).item<double>() - (norm - 1) * (norm - 1)) < 1e-4);
}

// The discriminator's step scores real and generated images in one batch: the same losses and weight
// gradients as the reference's two passes, to float rounding.
void TestStarGan::criticScoresRealAndFakeInOneBatch()
{
    const auto o = tiny();
    torch::manual_seed(3);
    const auto real = torch::rand({2, 3, 32, 32}) * 2 - 1;
    const auto labels = torch::tensor({0, 2});
    auto run = [&](bool batched) {
        setBatchedCriticPasses(batched);
        StarGanModel m(o, 3, torch::kCPU, 7);
        std::vector<torch::Tensor> gradients;
        m.beforeUpdate = [&](torch::optim::Optimizer &) {
            if (gradients.empty())
                for (const auto &p : m.D->parameters())
                    gradients.push_back(p.grad().clone());
        };
        const auto losses = m.step(real, labels);
        return std::make_pair(losses, gradients);
    };
    const auto separate = run(false), batched = run(true);
    QVERIFY(batchedCriticPasses());
    for (const char *name : {"D_real", "D_fake", "D_cls", "D_gp"})
        QVERIFY2(std::abs(batched.first[name] - separate.first[name]) <= 1e-5 * (1 + std::abs(separate.first[name])), name);
    QVERIFY(std::abs(separate.first["D_real"] - separate.first["D_fake"]) > 1e-4); // the two halves tell apart
    QCOMPARE(batched.second.size(), separate.second.size());
    for (size_t i = 0; i < separate.second.size(); ++i)
        QVERIFY2(torch::allclose(batched.second[i], separate.second[i], 1e-4, 1e-6), qPrintable(QStringLiteral("gradient %1").arg(i)));
}

void TestStarGan::generatorUpdatesEveryNCritic()
{
    auto o = tiny();
    o.nCritic = 3;
    StarGanModel m(o, 3, torch::kCPU, 5);
    QCOMPARE(m.optimizerG->param_groups().front().params().size(), m.G->parameters().size());
    const auto x = torch::rand({2, 3, 32, 32}) * 2 - 1;
    const auto labels = torch::tensor({0, 2});
    auto g = snapshot(*m.G);
    for (int i = 1; i <= 6; ++i) {
        const auto d = snapshot(*m.D);
        const auto losses = m.step(x, labels);
        const bool generatorTurn = i % 3 == 0;
        // The generator's losses are recorded only in the iterations that update it.
        auto expected = StarGanModel::lossNames();
        if (!generatorTurn)
            expected.resize(4);
        QCOMPARE(losses.names(), expected);
        QVERIFY(!same(d, *m.D)); // the discriminator learns every iteration
        for (const char *name : {"D_real", "D_fake", "D_cls", "D_gp"})
            QVERIFY(std::isfinite(losses[name]));
        QCOMPARE(std::isfinite(losses["G_rec"]), generatorTurn);
        QCOMPARE(!same(g, *m.G), generatorTurn);
        g = snapshot(*m.G);
    }
    // Defaults are the paper's.
    const MultiDomainOptions paper;
    QCOMPARE(paper.nCritic, 5);
    QCOMPARE(paper.lambdaGp, 10.0);
    QCOMPARE(paper.lambdaCls, 1.0);
    QCOMPARE(paper.lambdaRec, 10.0);
    QCOMPARE(paper.lr, 1e-4);
    QCOMPARE(paper.beta1, 0.5);
}

void TestStarGan::projectsWithNamedDomains()
{
    const auto dir = newProject("named", tiny());
    const auto p = Project::open(dir);
    QVERIFY(p.mode == ProjectMode::MultiDomain);
    QCOMPARE(p.namedDomains.size(), size_t(3));
    QCOMPARE(p.domainIndex("FLAT"), 2);
    QCOMPARE(p.domainIndex("none"), -1);
    QCOMPARE(p.domainImages(1).size(), size_t(6));
    QCOMPARE(p.multiDomain.gConvDim, 8);
    // Two-domain code refuses it with a sentence rather than misreading it.
    QVERIFY_THROWS_EXCEPTION(Error, CycleGanTrainer(dir, m_runtime));
    // Bad domain lists.
    const auto data = testdata::path(m_dir, "data");
    QVERIFY_THROWS_EXCEPTION(Error, Project::createMultiDomain(testdata::path(m_dir, "one"), {{"a", {data / "A"}}}, tiny()));
    QVERIFY_THROWS_EXCEPTION(Error, Project::createMultiDomain(testdata::path(m_dir, "dup"), {{"a", {data / "A"}}, {"A", {data / "B"}}}, tiny()));
    QVERIFY_THROWS_EXCEPTION(Error, Project::createMultiDomain(testdata::path(m_dir, "comma"), {{"a,b", {data / "A"}}, {"c", {data / "B"}}}, tiny()));
    QVERIFY(!fs::exists(testdata::path(m_dir, "dup") / "project.json"));
    // An empty domain is reported by name when training starts.
    const auto empty = testdata::path(m_dir, "empty");
    fs::create_directories(empty);
    const auto emptyProject = testdata::path(m_dir, "with-empty");
    Project::createMultiDomain(emptyProject, {{"stripes", {data / "A"}}, {"nothing", {empty}}}, tiny());
    try {
        MultiDomainTrainer t(emptyProject, m_runtime);
        QFAIL("a domain without images was accepted");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("\"nothing\"") != std::string::npos, e.what());
    }
}

void TestStarGan::learnsAToyTaskAndResumesExactly()
{
    auto o = tiny();
    o.nCritic = 1; // the toy task needs generator updates within a few seconds
    o.lr = 1e-3;
    const auto dir = newProject("learn", o);
    std::vector<double> cls, rec;
    TrainerCallbacks cb;
    cb.loss = [&](const LossSample &s) {
        cls.push_back(s.losses["D_cls"]);
        rec.push_back(s.losses["G_rec"]);
    };
    MultiDomainTrainer t(dir, m_runtime, cb);
    QCOMPARE(t.iterationsPerEpoch(), std::int64_t(5)); // 18 images, batches of 4
    t.train(60);
    auto mean = [](const std::vector<double> &v, size_t from, size_t to) { return std::accumulate(v.begin() + from, v.begin() + to, 0.0) / double(to - from); };
    qInfo("D_cls %.3f -> %.3f, G_rec %.3f -> %.3f", mean(cls, 0, 10), mean(cls, 50, 60), mean(rec, 0, 10), mean(rec, 50, 60));
    QVERIFY(mean(cls, 50, 60) < 0.8 * mean(cls, 0, 10)); // real images are told apart by domain
    QVERIFY(mean(rec, 50, 60) < 0.8 * mean(rec, 0, 10)); // and come back from other domains

    // Exact resume: 4 + 4 iterations give the weights of 8 in one go.
    if (!testdata::bitReproducible(m_runtime))
        QSKIP(testdata::kNotBitReproducible);
    auto r = tiny();
    r.nCritic = 2;
    const auto straight = newProject("straight", r), resumed = newProject("resumed", r);
    MultiDomainTrainer(straight, m_runtime).train(8);
    MultiDomainTrainer(resumed, m_runtime).train(4);
    {
        MultiDomainTrainer second(resumed, m_runtime); // one trainer per project at a time
        QCOMPARE(second.iteration(), std::int64_t(4));
        second.train(4);
    }
    MultiDomainTrainer a(straight, m_runtime), b(resumed, m_runtime);
    QCOMPARE(b.iteration(), std::int64_t(8));
    using Pair = std::pair<torch::nn::Module *, torch::nn::Module *>;
    for (const auto &[na, nb] : {Pair{a.model().G.get(), b.model().G.get()}, Pair{a.model().D.get(), b.model().D.get()}}) {
        const auto pa = na->named_parameters(), pb = nb->named_parameters();
        QCOMPARE(pa.size(), pb.size());
        for (const auto &p : pa)
            QVERIFY2(p.value().equal(pb[p.key()]), p.key().c_str());
    }
    QCOMPARE(a.model().dUpdates, std::int64_t(8));
    // The loss log has one row per iteration, generator columns empty between its updates.
    std::ifstream csv(resumed / "logs" / "losses.csv");
    std::string header, line;
    std::getline(csv, header);
    QCOMPARE(header, std::string("iteration,epoch,D_real,D_fake,D_cls,D_gp,G_fake,G_cls,G_rec"));
    int rows = 0;
    while (std::getline(csv, line))
        ++rows;
    QCOMPARE(rows, 8);
}

void TestStarGan::previewAndTranslation()
{
    const auto dir = newProject("preview", tiny());
    QVERIFY_THROWS_EXCEPTION(Error, DomainTranslator(dir, m_runtime)); // nothing trained yet
    MultiDomainTrainer t(dir, m_runtime);
    t.train(2);
    const auto grid = t.makePreview();
    QCOMPARE(grid.rows.size(), size_t(6)); // a row and its return row for each of 3 domains
    QCOMPARE(grid.rows[0].size(), size_t(4));
    const auto picture = grid.composed();
    QCOMPARE(picture.width, 4 * (32 + 4));
    QCOMPARE(picture.height, 6 * (32 + 4));
    QVERIFY(fs::exists(dir / "previews" / "preview_00000001.png"));

    DomainTranslator tr(dir, m_runtime);
    QCOMPARE(tr.iteration(), std::int64_t(2));
    QCOMPARE(tr.domainIndex("Bars"), 1);
    const auto input = testdata::stripes(37, false, 3); // odd size: padded inside, cropped back
    Image odd(37, 29);
    std::copy_n(input.rgb.begin(), odd.rgb.size(), odd.rgb.begin());
    const auto out = tr.translate(odd, 1);
    QCOMPARE(out.width, 37);
    QCOMPARE(out.height, 29);
    const auto scaled = tr.translate(odd, 0, 16); // larger than maxSide: translated smaller, scaled back
    QCOMPARE(scaled.width, 37);
    QVERIFY_THROWS_EXCEPTION(Error, tr.translate(odd, 3));
}

void TestStarGan::damagedCheckpointFallsBackToAnOlderOne()
{
    auto o = tiny();
    o.checkpointEvery = 2;
    o.keepCheckpoints = 5;
    const auto dir = newProject("damaged", o);
    MultiDomainTrainer(dir, m_runtime).train(4);
    const auto p = Project::open(dir);
    QCOMPARE(p.checkpoints().size(), size_t(2));
    const auto garbage = p.checkpoints().back();
    std::ofstream(garbage, std::ios::trunc) << "garbage";
    std::vector<std::string> warnings;
    TrainerCallbacks cb;
    cb.warning = [&](const std::string &w) { warnings.push_back(w); };
    QCOMPARE(MultiDomainTrainer(dir, m_runtime, cb).iteration(), std::int64_t(2));
    QCOMPARE(warnings.size(), size_t(1));
    // A CycleGAN checkpoint format is not mistaken for a multi-domain one and vice versa.
    QVERIFY_THROWS_EXCEPTION(Error, readCheckpointInfo(p.checkpoints().front()));

    // A domain added after training: refused with a sentence, the loss log and checkpoints kept.
    auto edited = Project::open(dir);
    edited.namedDomains.push_back({"more", {testdata::path(m_dir, "data/A")}});
    edited.save();
    const auto logBefore = fs::file_size(dir / "logs" / "losses.csv");
    try {
        MultiDomainTrainer again(dir, m_runtime);
        QFAIL("a model trained with 3 domains was resumed with 4");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("trained with 3 domains") != std::string::npos, e.what());
    }
    QCOMPARE(fs::file_size(dir / "logs" / "losses.csv"), logBefore);
    // The good checkpoint stays; the damaged one was moved aside with a note when training opened.
    QCOMPARE(Project::open(dir).checkpoints().size(), size_t(1));
    QVERIFY(fs::exists(dir / "checkpoints" / "damaged" / garbage.filename()));
    QVERIFY(fs::exists(dir / "checkpoints" / "damaged" / (garbage.filename().string() + ".txt")));
}

QTEST_APPLESS_MAIN(TestStarGan)
#include "tst_stargan.moc"
