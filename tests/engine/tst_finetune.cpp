// Fine-tuning: a project started from a trained project or model file begins with its weights, records
// what is frozen, and training changes the free weights but never the frozen ones.

#include "engine/project/checkpoint.h"
#include "project/checkpointio.h"
#include "models/cyclegan.h"
#include "engine/core/error.h"
#include "engine/training/finetune.h"
#include "engine/project/project.h"
#include "training/cyclegantrainer.h"
#include "tests/testdata.h"

#include <QtTest/QtTest>

using namespace engine;
namespace fs = std::filesystem;

namespace {
bool same(const torch::Tensor &a, const torch::Tensor &b) { return torch::equal(a.cpu(), b.cpu()); }

std::unique_ptr<CycleGanModel> newest(const fs::path &project)
{
    return loadCheckpointModel(Project::open(project).checkpoints().back(), ComputeDevice::Cpu).model;
}
} // namespace

class TestFineTune : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fromAProjectFrozenWeightsStay();
    void fromAModelFile();
    void refusesWhatCannotWork();

private:
    QTemporaryDir m_dir;
    fs::path m_source, m_data;
    RuntimeOptions m_runtime;
};

void TestFineTune::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_runtime = testdata::testRuntime();
    m_runtime.threads = 2;
    m_data = testdata::path(m_dir, "data");
    testdata::makeDomains(m_data, 4);
    auto o = testdata::tinyOptions();
    o.model.blocks = 2;
    m_source = testdata::path(m_dir, "source");
    Project::create(m_source, {m_data / "A"}, {m_data / "B"}, o, "custom");
    CycleGanTrainer(m_source, m_runtime).train(3);
}

void TestFineTune::fromAProjectFrozenWeightsStay()
{
    const auto dir = testdata::path(m_dir, "tuned");
    FineTuneOptions ft;
    ft.source = m_source;
    ft.freezeEncoder = true;
    ft.freezeBlocks = 1;
    ft.lr = 5e-4;
    ft.epochs = 1;
    ft.epochsDecay = 1;
    createFineTuneProject(dir, {m_data / "B"}, {m_data / "A"}, ft, testdata::tinyOptions());

    // The first checkpoint holds the source's weights and records the choices.
    const auto source = newest(m_source);
    auto start = loadCheckpointModel(Project::open(dir).checkpoints().front(), ComputeDevice::Cpu);
    QCOMPARE(start.info.iteration, std::int64_t(0));
    QVERIFY(start.info.options.freezeEncoder);
    QCOMPARE(start.info.options.freezeBlocks, 1);
    QCOMPARE(start.info.options.lr, 5e-4);
    QVERIFY(QString::fromStdString(start.info.options.fineTunedFrom).endsWith(QStringLiteral("source")));
    QCOMPARE(start.info.options.model.blocks, 2); // the architecture is the source's
    QVERIFY(same(start.model->G_B->up1->weight, source->G_B->up1->weight));
    QVERIFY(same(start.model->D_A->parameters().front(), source->D_A->parameters().front()));
    QCOMPARE(describeFrozen(start.info.options), std::string("the encoder and residual block 1 of both generators"));

    CycleGanTrainer(dir, m_runtime).train(3);
    const auto tuned = newest(dir);
    const std::pair<ResnetGeneratorImpl *, ResnetGeneratorImpl *> pairs[] = {{tuned->G_A.get(), source->G_A.get()},
                                                                                {tuned->G_B.get(), source->G_B.get()}};
    for (const auto &[t, s] : pairs) {
        QVERIFY(same(t->convIn->weight, s->convIn->weight));
        QVERIFY(same(t->down1->weight, s->down1->weight));
        QVERIFY(same(t->down2->bias, s->down2->bias));
        const auto tb = t->blocks->ptr(0)->parameters(), sb = s->blocks->ptr(0)->parameters();
        for (size_t i = 0; i < tb.size(); ++i)
            QVERIFY(same(tb[i], sb[i]));
        QVERIFY(!t->convIn->weight.requires_grad());
        // The free parts trained.
        QVERIFY(!same(t->blocks->ptr(1)->parameters().front(), s->blocks->ptr(1)->parameters().front()));
        QVERIFY(!same(t->up1->weight, s->up1->weight));
        QVERIFY(!same(t->convOut->weight, s->convOut->weight));
    }
    QVERIFY(!same(tuned->D_A->parameters().front(), source->D_A->parameters().front()));
}

void TestFineTune::fromAModelFile()
{
    const auto source = newest(m_source);
    const auto file = testdata::path(m_dir, "b2a.csm");
    saveGeneratorFile(file, *source->G_B, {source->options().model, Direction::BtoA, 32, 3, {}, {}, {}});
    const auto dir = testdata::path(m_dir, "from model");
    FineTuneOptions ft;
    ft.source = file;
    ft.freezeEncoder = false;
    ft.freezeBlocks = 2;
    createFineTuneProject(dir, {m_data / "A"}, {m_data / "B"}, ft, testdata::tinyOptions());
    CycleGanTrainer(dir, m_runtime).train(2);
    const auto tuned = newest(dir);
    // G_B came from the file: its frozen blocks are unchanged, its encoder trained. G_A started fresh.
    for (int b = 0; b < 2; ++b)
        QVERIFY(same(tuned->G_B->blocks->ptr(size_t(b))->parameters().front(), source->G_B->blocks->ptr(size_t(b))->parameters().front()));
    QVERIFY(!same(tuned->G_B->convIn->weight, source->G_B->convIn->weight));
    QVERIFY(!same(tuned->G_A->blocks->ptr(0)->parameters().front(), source->G_A->blocks->ptr(0)->parameters().front()));
    QCOMPARE(tuned->options().cropSize, 32);
}

void TestFineTune::refusesWhatCannotWork()
{
    FineTuneOptions ft;
    ft.source = m_source;
    ft.freezeBlocks = 3; // the model has 2
    QVERIFY_THROWS_EXCEPTION(Error, createFineTuneProject(testdata::path(m_dir, "x"), {m_data / "A"}, {m_data / "B"}, ft,
                                                          testdata::tinyOptions()));
    QVERIFY(!Project::exists(testdata::path(m_dir, "x")));
    ft.source = testdata::path(m_dir, "missing.csm");
    QVERIFY_THROWS_EXCEPTION(Error, createFineTuneProject(testdata::path(m_dir, "y"), {m_data / "A"}, {m_data / "B"}, ft,
                                                          testdata::tinyOptions()));
    const auto empty = testdata::path(m_dir, "untrained");
    Project::create(empty, {m_data / "A"}, {m_data / "B"}, testdata::tinyOptions(), "custom");
    ft.source = empty;
    ft.freezeBlocks = 0;
    try {
        createFineTuneProject(testdata::path(m_dir, "z"), {m_data / "A"}, {m_data / "B"}, ft, testdata::tinyOptions());
        QFAIL("no error");
    } catch (const Error &e) {
        QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("no trained model")));
    }
}

QTEST_MAIN(TestFineTune)
#include "tst_finetune.moc"
