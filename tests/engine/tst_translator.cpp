// Translator: any size at full resolution, tiles equal to whole-image translation, folder export.

#include "engine/core/atomicfile.h"
#include "engine/project/checkpoint.h"
#include "project/checkpointio.h"
#include "models/cyclegan.h"
#include "engine/core/error.h"
#include "engine/core/imageio.h"
#include "translation/generatortranslator.h"
#include "tests/testdata.h"

#include <opencv2/imgcodecs.hpp>

#include <QtTest/QtTest>

#include <fstream>

using namespace engine;
namespace fs = std::filesystem;

class TestTranslator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keepsAnySize_data();
    void keepsAnySize();
    void tilesMatchWholeImage();
    void exportMirrorsFoldersAndReportsBadFiles();
    void exportRefusesOutputInsideInput();
    void exportToUnwritableOutputSaysSo();
    void exportCanBeCancelled();
    void brokenModelFileIsAnError();
    void exportsSixteenBitsPerChannel_data();
    void exportsSixteenBitsPerChannel();

private:
    fs::path m_model;
    std::unique_ptr<GeneratorTranslator> m_translator;
    QTemporaryDir m_dir;
};

void TestTranslator::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto o = testdata::tinyOptions();
    o.model.blocks = 2;
    CycleGanModel m(o, torch::kCPU, 3);
    for (int i = 0; i < 2; ++i) // move instance norm away from a trivial state
        m.step(torch::rand({1, 3, 32, 32}) * 2 - 1, torch::rand({1, 3, 32, 32}) * 2 - 1);
    m_model = testdata::path(m_dir, "model.csm");
    saveGeneratorFile(m_model, *m.G_A, {o.model, Direction::AtoB, 32, 2, {}, {}, {}});
    const RuntimeOptions runtime = testdata::testRuntime();
    m_translator = GeneratorTranslator::fromModelFile(m_model, runtime);
}

void TestTranslator::keepsAnySize_data()
{
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("h");
    QTest::newRow("1x1") << 1 << 1;
    QTest::newRow("5x7") << 5 << 7;
    QTest::newRow("33x18") << 33 << 18;
    QTest::newRow("64x64") << 64 << 64;
}

void TestTranslator::keepsAnySize()
{
    QFETCH(int, w);
    QFETCH(int, h);
    Image img(w, h);
    for (size_t i = 0; i < img.rgb.size(); ++i)
        img.rgb[i] = static_cast<std::uint8_t>(i * 7);
    const auto out = m_translator->translate(img);
    QCOMPARE(out.width, w);
    QCOMPARE(out.height, h);
}

void TestTranslator::tilesMatchWholeImage()
{
    Image img(92, 68); // not a multiple of the tile size, nor of 4
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            auto *p = img.pixel(x, y);
            p[0] = static_cast<std::uint8_t>((x * 5 + y * 3) % 256);
            p[1] = static_cast<std::uint8_t>((x * y) % 256);
            p[2] = static_cast<std::uint8_t>(128 + 100 * std::sin(x * 0.3));
        }
    const auto whole = m_translator->translateWhole(img);
    const auto tiled = m_translator->translateTiled(img, 24); // 4×3 tiles with a full receptive-field halo
    QCOMPARE(tiled.width, whole.width);
    QCOMPARE(tiled.height, whole.height);
    int maxDiff = 0;
    for (size_t i = 0; i < whole.rgb.size(); ++i)
        maxDiff = std::max(maxDiff, std::abs(int(whole.rgb[i]) - int(tiled.rgb[i])));
    QVERIFY2(maxDiff <= 1, qPrintable(QString("max difference %1").arg(maxDiff)));
    // The automatic choice tiles above the threshold and gives the same picture.
    m_translator->setTilingThreshold(1000);
    const auto automatic = m_translator->translate(img);
    m_translator->setTilingThreshold(4'000'000);
    QCOMPARE(automatic.width, whole.width);
}

void TestTranslator::exportMirrorsFoldersAndReportsBadFiles()
{
    const auto in = testdata::path(m_dir, "in");
    fs::create_directories(in / "sub" / fs::u8path("照片"));
    saveImage(testdata::stripes(20, false, 1), in / "one.png");
    saveImage(testdata::stripes(24, true, 2), in / "sub" / "two.jpg");
    saveImage(testdata::stripes(16, true, 3), in / "sub" / fs::u8path("照片") / fs::u8path("猫.png"));
    std::ofstream(in / "sub" / "broken.png") << "garbage";
    const auto before = readFileBytes(in / "one.png");

    const auto out = testdata::path(m_dir, "out");
    const auto plan = planExport({in}, out);
    QCOMPARE(plan.items.size(), size_t(4));
    std::vector<int> seen;
    const auto result = m_translator->exportFiles(plan, [&](const ExportProgress &p) {
        seen.push_back(p.done);
        return true;
    });
    QCOMPARE(result.written, 3);
    QCOMPARE(result.skipped.size(), size_t(1));
    QCOMPARE(result.skipped[0].path.filename().string(), std::string("broken.png"));
    QVERIFY(!result.cancelled);
    QCOMPARE(seen, (std::vector<int>{1, 2, 3, 4}));
    // The time in the model is part of the export's time (what the command line reports as a share).
    QVERIFY(result.translatingSeconds > 0);
    QVERIFY(result.translatingSeconds <= result.seconds);
    QCOMPARE(loadImage(out / "one.png").width, 20);
    QCOMPARE(loadImage(out / "sub" / "two.jpg").width, 24);
    QCOMPARE(loadImage(out / "sub" / fs::u8path("照片") / fs::u8path("猫.png")).width, 16);
    QCOMPARE(readFileBytes(in / "one.png"), before); // originals untouched

    // A chosen format changes the extension.
    const auto plan2 = planExport({in / "one.png"}, testdata::path(m_dir, "out2"), "jpg");
    QCOMPARE(plan2.items.front().output.filename().string(), std::string("one.jpg"));
}

void TestTranslator::exportRefusesOutputInsideInput()
{
    const auto in = testdata::path(m_dir, "src");
    fs::create_directories(in);
    saveImage(testdata::stripes(8, false, 1), in / "a.png");
    QVERIFY_THROWS_EXCEPTION(Error, planExport({in}, in));
    try {
        planExport({in}, in / "results");
        QFAIL("output inside input must be refused");
    } catch (const Error &e) {
        QVERIFY(QString(e.what()).contains("inside the input"));
    }
    QVERIFY(!fs::exists(in / "results"));
}

void TestTranslator::exportToUnwritableOutputSaysSo()
{
    const auto in = testdata::path(m_dir, "src2");
    fs::create_directories(in);
    saveImage(testdata::stripes(8, false, 1), in / "a.png");
    const auto file = testdata::path(m_dir, "iamafile");
    writeFileAtomic(file, "x");
    try {
        planExport({in}, file / "out");
        QFAIL("an output below a file must be refused");
    } catch (const Error &e) {
        QVERIFY2(QString(e.what()).contains("Cannot create the output folder"), e.what());
    }
}

void TestTranslator::exportCanBeCancelled()
{
    const auto in = testdata::path(m_dir, "many");
    fs::create_directories(in);
    for (int i = 0; i < 12; ++i)
        saveImage(testdata::stripes(16, false, i), in / ("i" + std::to_string(i) + ".png"));
    const auto plan = planExport({in}, testdata::path(m_dir, "many_out"));
    const auto result = m_translator->exportFiles(plan, [](const ExportProgress &p) { return p.done < 3; });
    QVERIFY(result.cancelled);
    QVERIFY(result.written >= 2 && result.written <= 3);
    for (const auto &e : fs::directory_iterator(testdata::path(m_dir, "many_out")))
        QCOMPARE(loadImage(e.path()).width, 16); // what was written is complete
}

void TestTranslator::brokenModelFileIsAnError()
{
    const auto bytes = readFileBytes(m_model);
    const auto cut = testdata::path(m_dir, "cut.csm");
    writeFileAtomic(cut, bytes.substr(0, bytes.size() / 2));
    const RuntimeOptions runtime = testdata::testRuntime();
    try {
        GeneratorTranslator::fromModelFile(cut, runtime);
        QFAIL("a truncated model must be refused");
    } catch (const Error &e) {
        QVERIFY(QString(e.what()).contains("damaged or truncated"));
    }
}

void TestTranslator::exportsSixteenBitsPerChannel_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("extension");
    QTest::addColumn<bool>("tiled");
    QTest::newRow("png16") << QStringLiteral("png16") << QStringLiteral(".png") << false;
    QTest::newRow("tif16") << QStringLiteral("tif16") << QStringLiteral(".tif") << false;
    QTest::newRow("png16, tiled") << QStringLiteral("png16") << QStringLiteral(".png") << true;
}

void TestTranslator::exportsSixteenBitsPerChannel()
{
    QFETCH(QString, format);
    QFETCH(QString, extension);
    QFETCH(bool, tiled);
    // A smooth gradient: at 8 bits its translation has at most 256 levels per channel, at 16 bits more.
    Image gradient(60, 44);
    for (int y = 0; y < gradient.height; ++y)
        for (int x = 0; x < gradient.width; ++x) {
            auto *p = gradient.pixel(x, y);
            p[0] = static_cast<std::uint8_t>(x * 4);
            p[1] = static_cast<std::uint8_t>(y * 5);
            p[2] = static_cast<std::uint8_t>(100 + x);
        }
    const auto in = testdata::path(m_dir, ("deep-in-" + format.toStdString()).c_str());
    fs::create_directories(in);
    saveImage(gradient, in / "gradient.png");
    const auto out = testdata::path(m_dir, ("deep-out-" + format.toStdString() + (tiled ? "-tiled" : "")).c_str());
    const auto plan = planExport({in}, out, format.toStdString());
    QCOMPARE(plan.bitsPerChannel, 16);
    QCOMPARE(QString::fromStdString(plan.items.front().output.extension().string()), extension);
    m_translator->setTilingThreshold(tiled ? 1000 : 4'000'000);
    QCOMPARE(m_translator->exportFiles(plan, {}).written, 1);
    m_translator->setTilingThreshold(4'000'000);
    QVERIFY(!m_translator->deepOutput()); // only for that export

    const auto bytes = readFileBytes(plan.items.front().output);
    const cv::Mat deep = cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8U, const_cast<char *>(bytes.data())), cv::IMREAD_UNCHANGED);
    QCOMPARE(deep.depth(), CV_16U);
    QCOMPARE(deep.channels(), 3);
    QCOMPARE(deep.cols, 60);
    // The same picture as the 8-bit translation, finer: within half an 8-bit step, and with values
    // between the 8-bit levels.
    const auto shallow = m_translator->translate(gradient);
    int finer = 0;
    double worst = 0;
    for (int y = 0; y < deep.rows; ++y)
        for (int x = 0; x < deep.cols; ++x) {
            const auto v = deep.at<cv::Vec3w>(y, x); // BGR
            for (int c = 0; c < 3; ++c) {
                const double level = v[2 - c] / 257.0;
                worst = std::max(worst, std::abs(level - shallow.pixel(x, y)[c]));
                finer += v[2 - c] % 257 != 0;
            }
        }
    QVERIFY2(worst <= 0.51 + (tiled ? 1.0 : 0.0), qPrintable(QString::number(worst)));
    QVERIFY2(finer > deep.rows * deep.cols, qPrintable(QString::number(finer)));
    // Read back for translation like any picture (as 8 bits).
    QCOMPARE(loadImage(plan.items.front().output).width, 60);
    QVERIFY_THROWS_EXCEPTION(Error, planExport({in}, out, "jpg16"));
}

QTEST_APPLESS_MAIN(TestTranslator)
#include "tst_translator.moc"
