// Models in and out of the PyTorch world: .pth generators in both formats and with real files' quirks
// translate as PyTorch's own forward pass does; every bad or hostile file is refused with a sentence and
// leaves nothing behind; the exports load back (official-layout state_dict, TorchScript in C++, ONNX in
// ONNX Runtime) and give the engine's numbers; official training folders become projects that train on.
// The fixtures are made by tests/fixtures/pytorch/make_fixtures.py (checked in; no Python needed here).

#include "engine/core/error.h"
#include "engine/core/imageio.h"
#include "engine/interop/pytorch.h"
#include "engine/training/finetune.h"
#include "engine/training/trainer.h"
#include "interop/exporters.h"
#include "interop/official.h"
#include "interop/pickle.h"
#include "interop/pth.h"
#include "core/zipcheck.h"
#include "models/cyclegan.h"
#include "models/networks.h"
#include "project/checkpointio.h"
#include "translation/generatortranslator.h"
#include "tests/testdata.h"

#include <torch/script.h>

#include <QProcess>
#include <QStandardPaths>
#include <QtTest/QtTest>

#include <fstream>
#include <random>

using namespace engine;
namespace fs = std::filesystem;

namespace {

const fs::path kFixtures = fs::u8path(CYCLESTUDIO_PTH_FIXTURES);

int maxDifference(const Image &a, const Image &b)
{
    if (a.width != b.width || a.height != b.height)
        return 256;
    int worst = 0;
    for (size_t i = 0; i < a.rgb.size(); ++i)
        worst = std::max(worst, std::abs(int(a.rgb[i]) - int(b.rgb[i])));
    return worst;
}

// Files in a folder, for "nothing was written" checks.
std::vector<std::string> filesIn(const fs::path &dir)
{
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto &e : fs::directory_iterator(dir, ec))
        names.push_back(e.path().filename().u8string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string readBytes(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ResnetGenerator randomGenerator(int seed)
{
    torch::manual_seed(seed);
    ModelOptions m;
    m.ngf = 8;
    m.blocks = 2;
    ResnetGenerator g(m);
    torch::NoGradGuard noGrad;
    for (auto &p : g->parameters())
        p.normal_(0.0, 0.1);
    g->eval();
    return g;
}

// The largest difference between the generator's output for x and the float32 tensor another program
// wrote to `file` (-1 when the file has the wrong size).
double differenceFromFile(ResnetGenerator &g, const torch::Tensor &x, const fs::path &file)
{
    const auto theirs = readBytes(file);
    if (theirs.size() != size_t(x.numel() * 4))
        return -1;
    torch::NoGradGuard noGrad;
    const auto ours = g->forward(x).contiguous();
    const auto other = torch::from_blob(const_cast<char *>(theirs.data()), ours.sizes(), torch::kFloat32);
    return (ours - other).abs().max().item<double>();
}

} // namespace

class TestInterop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void readsBothFormatsAndQuirks_data();
    void readsBothFormatsAndQuirks();
    void translatesAsPytorchDoes_data();
    void translatesAsPytorchDoes();
    void badFilesAreRefused_data();
    void badFilesAreRefused();
    void mutatedFilesNeverCrash();
    void pthExportRoundTrips();
    void pthExportLoadsStrictlyInPytorch();
    void torchScriptLoadsInCpp();
    void onnxRunsInOnnxRuntime();
    void exportsFromAProject();
    void officialTrainingContinues();
    void officialTrainingRefusals();
    void fineTunesFromAPthGenerator();

private:
    QTemporaryDir m_dir;
    fs::path m_data;
    RuntimeOptions m_runtime;
};

void TestInterop::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(fs::exists(kFixtures / "g_zip.pth"), "the .pth fixtures are missing");
    m_runtime = testdata::testRuntime();
    m_runtime.threads = 2;
    m_data = testdata::path(m_dir, "data");
    testdata::makeDomains(m_data, 4);
}

void TestInterop::readsBothFormatsAndQuirks_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("zip format") << "g_zip.pth";
    QTest::newRow("legacy format") << "g_legacy.pth";
    QTest::newRow("2017 running-stat keys") << "g_oldkeys.pth";
    QTest::newRow("module. prefix") << "g_module.pth";
    QTest::newRow("float16") << "g_half.pth";
}

void TestInterop::readsBothFormatsAndQuirks()
{
    QFETCH(QString, file);
    const auto g = readOfficialGenerator(kFixtures / file.toStdString());
    QCOMPARE(g.model.ngf, 8);
    QCOMPARE(g.model.blocks, 2);
    const auto m = inspectPytorchGenerator(kFixtures / file.toStdString());
    QCOMPARE(m.parameters, std::int64_t(50947)); // PyTorch: sum(p.numel() for p in ResnetGenerator(ngf=8, n_blocks=2).parameters())
    QVERIFY(m.architecture.find("2 residual blocks, ngf 8") != std::string::npos);
    // Every format gives the zip file's weights (float16 within its rounding).
    const auto reference = readOfficialGenerator(kFixtures / "g_zip.pth");
    QCOMPARE(g.weights.size(), reference.weights.size());
    for (size_t i = 0; i < g.weights.size(); ++i) {
        QCOMPARE(g.weights[i].first, reference.weights[i].first);
        const double tolerance = file == "g_half.pth" ? 1e-3 : 0.0;
        QVERIFY2((g.weights[i].second - reference.weights[i].second).abs().max().item<double>() <= tolerance, g.weights[i].first.c_str());
    }
}

void TestInterop::translatesAsPytorchDoes_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("size");
    QTest::addColumn<QString>("expected");
    for (const char *model : {"g_zip.pth", "g_legacy.pth"})
        for (const char *size : {"32x32", "36x28", "30x22"}) // square, non-square, not a multiple of 4
            QTest::addRow("%s %s", model, size) << model << size << QString("expected_%1.png").arg(size);
    QTest::newRow("float16 32x32") << "g_half.pth" << "32x32" << "expected_half_32x32.png";
}

void TestInterop::translatesAsPytorchDoes()
{
    QFETCH(QString, model);
    QFETCH(QString, size);
    QFETCH(QString, expected);
    auto translator = openTranslator(ModelFile{kFixtures / model.toStdString()}, Direction::AtoB, m_runtime);
    const auto input = loadImage(kFixtures / ("input_" + size.toStdString() + ".png"));
    const auto out = translator->translate(input);
    const int diff = maxDifference(out, loadImage(kFixtures / expected.toStdString()));
    QVERIFY2(diff <= 1, qPrintable(QString("differs from PyTorch by %1 grey levels").arg(diff)));
}

void TestInterop::badFilesAreRefused_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("says");
    QTest::newRow("truncated zip") << "bad_truncated.pth" << "damaged or truncated";
    QTest::newRow("truncated legacy") << "bad_truncated_legacy.pth" << "ends in the middle";
    QTest::newRow("zip without data.pkl") << "bad_no_data_pkl.pth" << "without a data.pkl";
    QTest::newRow("storage smaller than shape") << "bad_short_storage.pth" << "smaller than its shape";
    QTest::newRow("NaN weight") << "bad_nan.pth" << "not finite";
    QTest::newRow("Inf weight (legacy)") << "bad_inf.pth" << "not finite";
    QTest::newRow("optimizer state") << "bad_optimizer.pth" << "optimizer";
    QTest::newRow("not a state_dict") << "bad_not_state_dict.pth" << "not a tensor";
    QTest::newRow("discriminator") << "bad_discriminator_as_generator.pth" << "discriminator";
    QTest::newRow("U-Net") << "bad_unet.pth" << "U-Net";
    QTest::newRow("whole module") << "bad_whole_module.pth" << "state_dict() instead";
    QTest::newRow("os.system") << "bad_os_system.pth" << "system, which a state_dict";
    QTest::newRow("builtins.eval") << "bad_eval.pth" << "eval, which a state_dict";
    QTest::newRow("subprocess.Popen") << "bad_popen_legacy.pth" << "Popen, which a state_dict";
    QTest::newRow("poisoned entry") << "bad_poisoned_entry.pth" << "system, which a state_dict";
    QTest::newRow("unknown opcode") << "bad_unknown_opcode.pth" << "pickle instruction (0xff";
    QTest::newRow("text file") << "bad_text.pth" << "not a PyTorch .pth file";
    QTest::newRow("no such file") << "missing.pth" << "missing.pth";
}

void TestInterop::badFilesAreRefused()
{
    QFETCH(QString, file);
    QFETCH(QString, says);
    const auto out = testdata::path(m_dir, "refused");
    fs::create_directories(out);
    const auto before = filesIn(out);
    try {
        importPytorchGenerator(kFixtures / file.toStdString(), out / "model.csm");
        QFAIL("the file was accepted");
    } catch (const Error &e) {
        const std::string what = e.what();
        QVERIFY2(what.find(says.toStdString()) != std::string::npos, e.what());
        QVERIFY2(what.find('\n') == std::string::npos && what.back() == '.', e.what()); // one sentence
        QVERIFY2(what.find(file.toStdString()) != std::string::npos, e.what());         // naming the file
    }
    QCOMPARE(filesIn(out), before); // nothing under a final name, no temporary left
    QVERIFY(!fs::exists("/tmp/cyclestudio-pwned")); // nothing in a hostile file ran
    // Translating with it directly fails the same way.
    QVERIFY_EXCEPTION_THROWN(openTranslator(ModelFile{kFixtures / file.toStdString()}, Direction::AtoB, m_runtime), Error);
}

void TestInterop::mutatedFilesNeverCrash()
{
    // Byte flips, inserted and deleted runs and truncations of valid files: each parse either succeeds
    // or throws engine::Error; anything else (another exception, a crash, a sanitizer report) fails.
    std::mt19937 rng(20171);
    auto mutate = [&rng](std::string bytes) {
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits && !bytes.empty(); ++e) {
            // Mostly in the first or last 4 KB (the pickles and the zip directory), sometimes anywhere.
            const std::size_t span = rng() % 4 == 0 ? bytes.size() : std::min<std::size_t>(bytes.size(), 4096);
            std::size_t at = rng() % span;
            if (rng() % 2)
                at = bytes.size() - 1 - at;
            switch (rng() % 5) {
            case 0: bytes[at] = static_cast<char>(rng()); break;
            case 1: bytes[at] = static_cast<char>(bytes[at] ^ (1 << (rng() % 8))); break;
            case 2: bytes.insert(at, std::string(1 + rng() % 8, static_cast<char>(rng()))); break;
            case 3: bytes.erase(at, 1 + rng() % 8); break;
            default: bytes.resize(at); break;
            }
        }
        return bytes;
    };
    int inputs = 0, parsed = 0;
    auto attempt = [&](const std::function<void()> &parse) {
        ++inputs;
        try {
            parse();
            ++parsed;
        } catch (const Error &) {
        }
    };
    // Whole files: the legacy ones have no checksums, so mutations reach the unpickler and the storages.
    for (const char *name : {"g_legacy.pth", "g_oldkeys.pth", "bad_inf.pth", "g_zip.pth"}) {
        const auto original = readBytes(kFixtures / name);
        for (int i = 0; i < 500; ++i)
            attempt([&] { readStateDictBytes(mutate(original), "mutated.pth"); });
    }
    // The pickles inside zip files, past their checksums.
    for (const char *name : {"g_zip.pth", "bad_poisoned_entry.pth", "g_half.pth"}) {
        const auto file = readBytes(kFixtures / name);
        for (const auto &r : zipRecords(file, name))
            if (r.name.size() > 8 && r.name.compare(r.name.size() - 8, 8, "data.pkl") == 0) {
                const auto pickle = file.substr(std::size_t(r.offset), std::size_t(r.size));
                for (int i = 0; i < 1000; ++i)
                    attempt([&] { readPickle(mutate(pickle)); });
            }
    }
    // Random pickles made of the opcodes the reader knows.
    static const char kOpcodes[] = "()NKMJ\x8a\x88\x89GXU\x8c\x8d}]tuesaRbcq\x94hjQ.\x80\x85\x86\x87";
    const std::string opcodes(kOpcodes, sizeof kOpcodes - 1);
    for (int i = 0; i < 3000; ++i) {
        std::string bytes = "\x80\x02";
        for (int k = 1 + static_cast<int>(rng() % 40); k > 0; --k) {
            bytes += opcodes[rng() % opcodes.size()];
            for (int a = static_cast<int>(rng() % 5); a > 0; --a)
                bytes += static_cast<char>(rng() % 8);
        }
        attempt([&] { readPickle(bytes); });
    }
    qInfo("fuzzed %d inputs: %d parsed, %d refused with a sentence, 0 crashes", inputs, parsed, inputs - parsed);
    QVERIFY(inputs >= 8000);
}

void TestInterop::pthExportRoundTrips()
{
    auto g = randomGenerator(3);
    const auto bytes = stateDictBytes(toOfficialGenerator(*g));
    const auto back = fromOfficialGenerator(readStateDictBytes(bytes, "export.pth"), "export.pth");
    const auto ours = g->named_parameters(true);
    QCOMPARE(back.weights.size(), ours.size());
    for (const auto &[name, tensor] : back.weights)
        QVERIFY2(torch::equal(tensor, ours[name]), name.c_str());
    // The official names, in the official order.
    const auto official = toOfficialGenerator(*g);
    QCOMPARE(official.front().first, std::string("model.1.weight"));
    QCOMPARE(official[6].first, std::string("model.10.conv_block.1.weight"));
    QCOMPARE(official.back().first, std::string("model.19.bias")); // conv_out after 2 blocks: model.(17 + 2)
}

void TestInterop::pthExportLoadsStrictlyInPytorch()
{
    const QString python = "/usr/bin/python3";
    QProcess probe;
    probe.start(python, {"-c", "import torch"});
    if (!probe.waitForFinished(60000) || probe.exitCode() != 0)
        QSKIP("python3-torch is not installed; the checked-in expected outputs cover the reading side");
    auto g = randomGenerator(4);
    const auto pth = testdata::path(m_dir, "strict.pth");
    writeStateDict(toOfficialGenerator(*g), pth);
    // PyTorch's forward of the loaded weights against the engine's, on a non-square image.
    torch::manual_seed(5);
    const auto x = torch::rand({1, 3, 28, 36}) * 2 - 1;
    const auto input = testdata::path(m_dir, "strict_in.f32"), output = testdata::path(m_dir, "strict_out.f32");
    std::ofstream(input, std::ios::binary).write(static_cast<const char *>(x.data_ptr()), x.numel() * 4);
    const QString script = QString("import sys, numpy as np, torch\n"
                                   "sys.path.insert(0, '%1')\n"
                                   "from make_fixtures import ResnetGenerator\n"
                                   "g = ResnetGenerator(8, 2)\n"
                                   "g.load_state_dict(torch.load('%2'), strict=True)\n"
                                   "x = torch.from_numpy(np.fromfile('%3', dtype=np.float32).reshape(1, 3, 28, 36))\n"
                                   "with torch.no_grad(): g.eval()(x).numpy().tofile('%4')\n")
                               .arg(QString::fromStdString(kFixtures.u8string()), QString::fromStdString(pth.u8string()),
                                    QString::fromStdString(input.u8string()), QString::fromStdString(output.u8string()));
    QProcess run;
    run.start(python, {"-c", script});
    QVERIFY(run.waitForFinished(120000));
    QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
    const double diff = differenceFromFile(g, x, output);
    QVERIFY2(diff >= 0 && diff < 1e-4, qPrintable(QString("PyTorch's forward differs by %1").arg(diff)));
}

void TestInterop::torchScriptLoadsInCpp()
{
    auto g = randomGenerator(6);
    ModelFileInfo info;
    info.model = g->options;
    const auto file = testdata::path(m_dir, "generator.pt");
    exportTorchScript(*g, info, file);
    auto module = torch::jit::load(file.string());
    torch::NoGradGuard noGrad;
    for (auto [h, w] : {std::pair{32, 32}, std::pair{28, 44}}) {
        const auto x = torch::rand({2, 3, h, w}) * 2 - 1;
        const auto theirs = module.forward({x}).toTensor();
        const auto ours = g->forward(x);
        QCOMPARE(theirs.sizes(), ours.sizes());
        QVERIFY((theirs - ours).abs().max().item<double>() < 1e-5);
    }
    QVERIFY(module.attr("cyclestudio").toStringRef().find("\"blocks\":2") != std::string::npos);
}

void TestInterop::onnxRunsInOnnxRuntime()
{
    if (!onnxAvailable())
        QSKIP("this build has no ONNX library (libonnx-dev)");
    auto g = randomGenerator(7);
    ModelFileInfo info;
    info.model = g->options;
    const auto file = testdata::path(m_dir, "generator.onnx");
    exportOnnx(*g, info, file); // runs the ONNX checker before writing
    QVERIFY(fs::file_size(file) > 200'000);

    const QString node = QStandardPaths::findExecutable("node");
    const QString runtime = QString::fromUtf8(CYCLESTUDIO_ONNXRUNTIME_DIR);
    if (node.isEmpty() || !QFileInfo::exists(runtime + "/node_modules/onnxruntime-node"))
        QSKIP("ONNX Runtime is not installed (scripts/test installs npm's onnxruntime-node into the build folder)");
    torch::manual_seed(8);
    const auto x = (torch::rand({2, 3, 28, 36}) * 2 - 1).contiguous();
    const auto input = testdata::path(m_dir, "onnx_in.f32"), output = testdata::path(m_dir, "onnx_out.f32");
    std::ofstream(input, std::ios::binary).write(static_cast<const char *>(x.data_ptr()), x.numel() * 4);
    QProcess run;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("NODE_PATH", runtime + "/node_modules");
    run.setProcessEnvironment(env);
    run.start(node, {QString::fromUtf8(CYCLESTUDIO_ONNXRUN_JS), QString::fromStdString(file.u8string()),
                     QString::fromStdString(input.u8string()), "2", "28", "36", QString::fromStdString(output.u8string())});
    QVERIFY(run.waitForFinished(120000));
    QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
    const double diff = differenceFromFile(g, x, output);
    QVERIFY(diff >= 0);
    const double greyLevels = diff * 127.5;
    qInfo("ONNX Runtime vs the engine: %.5f grey levels at most", greyLevels);
    QVERIFY(greyLevels < 1.0);
}

void TestInterop::exportsFromAProject()
{
    const auto project = testdata::path(m_dir, "exported");
    auto o = testdata::tinyOptions();
    Project::create(project, {m_data / "A"}, {m_data / "B"}, o, "custom");
    openTrainer(project, m_runtime)->train(1);
    const auto image = testdata::stripes(32, false, 3);
    const auto reference = openTranslator(ProjectModel{project}, Direction::BtoA, m_runtime)->translate(image);
    for (auto format : {ModelFormat::Csm, ModelFormat::Pth}) {
        const auto file = testdata::path(m_dir, ("exported_BtoA" + modelFormatExtension(format)).c_str());
        exportModelAs(project, Direction::BtoA, format, file);
        // Both translate as the project does (the .pth read back as an imported generator).
        auto translator = openTranslator(ModelFile{file}, Direction::BtoA, m_runtime);
        QCOMPARE(maxDifference(translator->translate(image), reference), 0);
    }
    const auto csm = anyModelFileInfo(testdata::path(m_dir, "exported_BtoA.csm"));
    QCOMPARE(csm.direction, Direction::BtoA);
    QVERIFY(csm.source.find("exported") != std::string::npos);
    exportModelAs(project, Direction::AtoB, ModelFormat::TorchScript, testdata::path(m_dir, "exported.pt"));
    QVERIFY(fs::file_size(testdata::path(m_dir, "exported.pt")) > 0);
    // An unwritable destination: one sentence, nothing under the name.
    const auto noFolder = testdata::path(m_dir, "no/such/folder/model.pth");
    QVERIFY_EXCEPTION_THROWN(exportModelAs(project, Direction::AtoB, ModelFormat::Pth, noFolder), Error);
    QVERIFY(!fs::exists(noFolder));
}

void TestInterop::officialTrainingContinues()
{
    const auto dir = testdata::path(m_dir, "continued");
    OfficialTraining source;
    source.folder = kFixtures / "official";
    source.epoch = "3";
    std::vector<std::string> notes;
    auto base = testdata::tinyOptions();
    const auto project = createFromOfficialTraining(dir, {m_data / "A"}, {m_data / "B"}, source, base, &notes);
    // From train_opt.txt and the weights.
    QCOMPARE(project.options.model.ngf, 8);
    QCOMPARE(project.options.model.blocks, 2);
    QCOMPARE(project.options.model.ndf, 8);
    QCOMPARE(project.options.cropSize, 32);
    QCOMPARE(project.options.loadSize, 36);
    QCOMPARE(project.options.epochs, 4);
    QCOMPARE(project.options.poolSize, 50);
    bool saysAdam = false;
    for (const auto &n : Project::open(dir).notes)
        saysAdam = saysAdam || n.find("Adam starts fresh") != std::string::npos;
    QVERIFY(saysAdam);
    QCOMPARE(notes, Project::open(dir).notes);
    // The checkpoint sits after epoch 3 (4 images: 4 iterations an epoch) and holds the four networks.
    const auto loaded = loadCheckpointModel(Project::open(dir).checkpoints().back(), ComputeDevice::Cpu);
    QCOMPARE(loaded.info.iteration, std::int64_t(12));
    const auto gA = readOfficialGenerator(kFixtures / "official" / "3_net_G_A.pth");
    const auto params = loaded.model->G_A->named_parameters(true);
    for (const auto &[name, tensor] : gA.weights)
        QVERIFY(torch::equal(params[name], tensor));
    // Training goes on from there, in the decaying part of the schedule.
    auto trainer = openTrainer(dir, m_runtime);
    trainer->train(2);
    QCOMPARE(trainer->iteration(), std::int64_t(14));
    QCOMPARE(trainer->epoch(), 4);

    // "latest": the schedule starts again, and the notes say so.
    const auto latest = createFromOfficialTraining(testdata::path(m_dir, "latest"), {m_data / "A"}, {m_data / "B"}, {kFixtures / "official"},
                                                   base, &notes);
    QCOMPARE(loadCheckpointModel(latest.checkpoints().back(), ComputeDevice::Cpu).info.iteration, std::int64_t(0));
    QVERIFY(notes[1].find("--epoch") != std::string::npos || notes[2].find("--epoch") != std::string::npos);
}

void TestInterop::officialTrainingRefusals()
{
    const auto base = testdata::tinyOptions();
    const auto dir = testdata::path(m_dir, "refusedproject");
    auto refused = [&](OfficialTraining source, const std::string &says) {
        try {
            createFromOfficialTraining(dir, {m_data / "A"}, {m_data / "B"}, source, base);
            return std::string("accepted");
        } catch (const Error &e) {
            if (fs::exists(dir))
                return std::string("left ") + dir.u8string() + " behind";
            return std::string(e.what()).find(says) != std::string::npos ? std::string() : std::string(e.what());
        }
    };
    QCOMPARE(refused({kFixtures / "nowhere"}, "is not a folder"), std::string());
    QCOMPARE(refused({kFixtures / "official", "9"}, "the saved epochs there are latest, 3"), std::string());
    QCOMPARE(refused({kFixtures, "latest"}, "holds no official CycleGAN checkpoint"), std::string());
    // A folder whose generator is damaged.
    const auto broken = testdata::path(m_dir, "brokenofficial");
    fs::create_directories(broken);
    for (const char *net : {"G_A", "G_B", "D_A", "D_B"})
        fs::copy_file(kFixtures / "official" / (std::string("latest_net_") + net + ".pth"), broken / (std::string("latest_net_") + net + ".pth"));
    fs::copy_file(kFixtures / "bad_truncated.pth", broken / "latest_net_G_B.pth", fs::copy_options::overwrite_existing);
    QCOMPARE(refused({broken}, "latest_net_G_B.pth\" is damaged"), std::string());
    // A schedule already finished (epoch 8 of 4 + 4).
    for (const char *net : {"G_A", "G_B", "D_A", "D_B"})
        fs::copy_file(kFixtures / "official" / (std::string("latest_net_") + net + ".pth"), broken / (std::string("8_net_") + net + ".pth"));
    fs::copy_file(kFixtures / "official" / "train_opt.txt", broken / "train_opt.txt");
    QCOMPARE(refused({broken, "8"}, "nothing left to continue"), std::string());
}

void TestInterop::fineTunesFromAPthGenerator()
{
    const auto dir = testdata::path(m_dir, "tunedpth");
    FineTuneOptions ft;
    ft.source = kFixtures / "g_legacy.pth";
    const auto project = createFineTuneProject(dir, {m_data / "A"}, {m_data / "B"}, ft, testdata::tinyOptions());
    QCOMPARE(project.options.model.ngf, 8);
    QCOMPARE(project.options.model.blocks, 2);
    const auto loaded = loadCheckpointModel(project.checkpoints().back(), ComputeDevice::Cpu);
    const auto params = loaded.model->G_A->named_parameters(true);
    for (const auto &[name, tensor] : readOfficialGenerator(ft.source).weights)
        QVERIFY(torch::equal(params[name], tensor));
    openTrainer(dir, m_runtime)->train(1);
}

QTEST_GUILESS_MAIN(TestInterop)
#include "tst_interop.moc"
