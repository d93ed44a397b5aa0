// Video translation: every frame translated at the input's size and frame rate, a damaged file is a
// clear error, a cancelled export leaves no file, and temporal smoothing reduces flicker on a still scene.

#include "engine/project/checkpoint.h"
#include "project/checkpointio.h"
#include "models/cyclegan.h"
#include "engine/core/error.h"
#include "engine/translation/translator.h"
#include "engine/translation/video.h"
#include "tests/testdata.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <QtTest/QtTest>

#include <fstream>

using namespace engine;
namespace fs = std::filesystem;

namespace {
// A still scene (smooth gradient) with sensor-like noise, or a moving bar when `moving`.
void makeVideo(const fs::path &path, int frames, int w, int h, double fps, double noise, bool moving = false)
{
    cv::VideoWriter writer(path.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), fps, cv::Size(w, h));
    QVERIFY(writer.isOpened());
    cv::RNG rng(7);
    for (int i = 0; i < frames; ++i) {
        cv::Mat frame(h, w, CV_8UC3);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                frame.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x * 255 / w), uchar(y * 255 / h), 128);
        if (moving)
            cv::rectangle(frame, cv::Rect((i * 4) % w, 0, 6, h), cv::Scalar(255, 255, 255), cv::FILLED);
        cv::Mat n(h, w, CV_16SC3);
        rng.fill(n, cv::RNG::NORMAL, 0, noise);
        cv::Mat noisy;
        frame.convertTo(noisy, CV_16SC3);
        noisy += n;
        noisy.convertTo(frame, CV_8UC3);
        writer.write(frame);
    }
}
} // namespace

class TestVideo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void translatesEveryFrameAtItsSizeAndRate_data();
    void translatesEveryFrameAtItsSizeAndRate();
    void damagedVideoIsAClearError();
    void cancelledExportLeavesNoFile();
    void smoothingReducesFlickerOnAStillScene();
    void refusesToOverwriteTheInput();
    void keepsTheSound_data();
    void keepsTheSound();
    void keepsRotationAndLevels();

private:
    std::unique_ptr<Translator> m_translator;
    QTemporaryDir m_dir;
};

void TestVideo::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto o = testdata::tinyOptions();
    CycleGanModel m(o, torch::kCPU, 3);
    m.step(torch::rand({1, 3, 32, 32}) * 2 - 1, torch::rand({1, 3, 32, 32}) * 2 - 1);
    const auto model = testdata::path(m_dir, "model.csm");
    saveGeneratorFile(model, *m.G_A, {o.model, Direction::AtoB, 32, 1, {}, {}, {}});
    RuntimeOptions runtime = testdata::testRuntime();
    runtime.threads = 1;
    m_translator = openTranslator(ModelFile{model}, Direction::AtoB, runtime);
}

void TestVideo::translatesEveryFrameAtItsSizeAndRate_data()
{
    QTest::addColumn<QString>("extension");
    QTest::newRow("avi (MJPEG)") << QStringLiteral(".avi");
    QTest::newRow("mp4 (MPEG-4)") << QStringLiteral(".mp4");
}

void TestVideo::translatesEveryFrameAtItsSizeAndRate()
{
    QFETCH(QString, extension);
    if (extension == QStringLiteral(".mp4")) {
        // A minimal OpenCV (the GPU server bundle: no FFmpeg) writes only MJPEG AVI.
        const auto probe = testdata::path(m_dir, "probe.mp4");
        cv::VideoWriter writer(probe.string(), cv::VideoWriter::fourcc('m', 'p', '4', 'v'), 10, cv::Size(16, 16));
        const bool canWrite = writer.isOpened();
        writer.release();
        fs::remove(probe);
        if (!canWrite)
            QSKIP("This OpenCV build has no MPEG-4 encoder.");
    }
    const auto in = testdata::path(m_dir, "clip.avi");
    makeVideo(in, 12, 64, 48, 10.0, 2.0, true);
    const auto info = probeVideo(in);
    QCOMPARE(info.frames, std::int64_t(12));
    const auto out = testdata::path(m_dir, ("out/clip translated" + extension.toStdString()).c_str());
    std::int64_t lastDone = 0;
    const auto r = translateVideo(*m_translator, in, out, {}, [&](const VideoProgress &p) {
        lastDone = p.done;
        return true;
    });
    QCOMPARE(r.frames, std::int64_t(12));
    QCOMPARE(lastDone, std::int64_t(12));
    const auto written = probeVideo(out);
    QCOMPARE(written.width, 64);
    QCOMPARE(written.height, 48);
    QCOMPARE(written.fps, 10.0);
    QCOMPARE(written.frames, std::int64_t(12));
    const auto frame = readVideoFrame(out, 5);
    QCOMPARE(frame.width, 64);
    QCOMPARE(frame.height, 48);
}

void TestVideo::damagedVideoIsAClearError()
{
    const auto bad = testdata::path(m_dir, "broken.mp4");
    std::ofstream(bad) << std::string(4096, 'x');
    try {
        translateVideo(*m_translator, bad, testdata::path(m_dir, "never.mp4"), {});
        QFAIL("no error");
    } catch (const Error &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("broken.mp4")), e.what());
    }
    QVERIFY(!fs::exists(testdata::path(m_dir, "never.mp4")));
    QVERIFY_THROWS_EXCEPTION(Error, probeVideo(testdata::path(m_dir, "missing.mp4")));
}

void TestVideo::cancelledExportLeavesNoFile()
{
    const auto in = testdata::path(m_dir, "long.avi");
    makeVideo(in, 10, 48, 32, 5.0, 1.0);
    const auto dir = testdata::path(m_dir, "cancel");
    const auto out = dir / "result.avi";
    const auto r = translateVideo(*m_translator, in, out, {}, [](const VideoProgress &p) { return p.done < 3; });
    QVERIFY(r.cancelled);
    QVERIFY(!fs::exists(out));
    QVERIFY(fs::is_empty(dir)); // no partial file either
}

void TestVideo::smoothingReducesFlickerOnAStillScene()
{
    const auto in = testdata::path(m_dir, "still.avi");
    makeVideo(in, 16, 48, 48, 10.0, 4.0);
    VideoOptions smooth;
    smooth.smoothing = 0.8;
    const auto raw = translateVideo(*m_translator, in, testdata::path(m_dir, "raw.avi"), {});
    const auto smoothed = translateVideo(*m_translator, in, testdata::path(m_dir, "smoothed.avi"), smooth);
    qInfo("flicker without smoothing %.3f, with 0.8: %.3f", raw.meanFlicker, smoothed.meanFlicker);
    QVERIFY(raw.meanFlicker > 0);
    QVERIFY(smoothed.meanFlicker < 0.7 * raw.meanFlicker);
}

void TestVideo::refusesToOverwriteTheInput()
{
    const auto in = testdata::path(m_dir, "self.avi");
    makeVideo(in, 3, 32, 32, 5.0, 1.0);
    QVERIFY_THROWS_EXCEPTION(Error, translateVideo(*m_translator, in, in, {}));
    QCOMPARE(probeVideo(in).frames, std::int64_t(3));
}

namespace {
// Frames with a bright square in the upper left corner, so that orientation can be checked.
std::vector<Image> markedFrames(int count, int w, int h)
{
    std::vector<Image> frames;
    for (int i = 0; i < count; ++i) {
        Image f(w, h);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                auto *p = f.pixel(x, y);
                const bool mark = x < w / 4 && y < h / 4;
                p[0] = mark ? 250 : std::uint8_t(40 + i * 8);
                p[1] = mark ? 250 : std::uint8_t(y * 100 / h);
                p[2] = mark ? 250 : 60;
            }
        frames.push_back(std::move(f));
    }
    return frames;
}

// The pitch of a tone from its rising crossings, away from the ends (with a margin, so that coding noise
// does not count).
double pitchOf(const std::vector<float> &all, int rate)
{
    const size_t margin = static_cast<size_t>(rate / 5);
    if (all.size() < 3 * margin)
        return 0.0;
    const std::vector<float> samples(all.begin() + static_cast<std::ptrdiff_t>(margin), all.end() - static_cast<std::ptrdiff_t>(margin));
    int crossings = 0;
    bool low = false;
    for (float s : samples) {
        if (s < -0.2f)
            low = true;
        else if (s > 0.2f && low) {
            ++crossings;
            low = false;
        }
    }
    return crossings * double(rate) / double(samples.size());
}
} // namespace

void TestVideo::keepsTheSound_data()
{
    QTest::addColumn<QString>("extension");
    QTest::addColumn<bool>("reencoded");
    QTest::newRow("mp4, AAC copied") << QStringLiteral(".mp4") << false;
    QTest::newRow("mkv, AAC copied") << QStringLiteral(".mkv") << false;
    QTest::newRow("avi, AAC copied") << QStringLiteral(".avi") << false;
    QTest::newRow("webm, AAC into Opus") << QStringLiteral(".webm") << true;
}

void TestVideo::keepsTheSound()
{
    if (!videoKeepsSound())
        QSKIP("This build reads and writes video without sound (no FFmpeg libraries).");
    QFETCH(QString, extension);
    QFETCH(bool, reencoded);
    // 1.5 s at 12 fps with a 440 Hz tone: the clip an artist's phone would give, in small.
    const auto in = testdata::path(m_dir, "tone.mp4");
    if (!fs::exists(in)) {
        VideoWriteOptions tone;
        tone.toneHz = 440;
        writeVideo(in, markedFrames(18, 48, 32), 12.0, tone);
    }
    const auto source = probeVideo(in);
    QCOMPARE(source.audio.size(), size_t(1));
    QCOMPARE(QString::fromStdString(source.audio[0].codec), QStringLiteral("aac"));
    int inRate = 0;
    const auto inSound = readAudioTrack(in, 0, inRate);
    const double inSeconds = double(inSound.size()) / inRate;
    QVERIFY2(std::abs(inSeconds - 1.5) < 0.05, qPrintable(QString::number(inSeconds)));

    const auto out = testdata::path(m_dir, ("sound/tone translated" + extension.toStdString()).c_str());
    const auto r = translateVideo(*m_translator, in, out, {});
    QCOMPARE(r.frames, std::int64_t(18));
    QCOMPARE(r.audioTracksCopied, reencoded ? 0 : 1);
    QCOMPARE(r.audioTracksReencoded, reencoded ? 1 : 0);
    const auto written = probeVideo(out);
    QCOMPARE(written.frames, std::int64_t(18));
    QCOMPARE(written.fps, 12.0);
    QCOMPARE(written.audio.size(), size_t(1));
    QCOMPARE(QString::fromStdString(written.audio[0].codec), reencoded ? QStringLiteral("opus") : QStringLiteral("aac"));
    int outRate = 0;
    const auto outSound = readAudioTrack(out, 0, outRate);
    const double outSeconds = double(outSound.size()) / outRate;
    qInfo("%s: sound %.3f s at %d Hz in, %.3f s at %d Hz out; pitch %.1f Hz out", qPrintable(extension), inSeconds, inRate, outSeconds,
          outRate, pitchOf(outSound, outRate));
    QVERIFY2(std::abs(outSeconds - inSeconds) < 0.03, qPrintable(QString::number(outSeconds)));
    QVERIFY(std::abs(pitchOf(outSound, outRate) - 440.0) < 10.0);
}

void TestVideo::keepsRotationAndLevels()
{
    if (!videoKeepsSound())
        QSKIP("This build reads and writes video without rotation (no FFmpeg libraries).");
    // A phone's portrait clip: stored 48×32 landscape, shown turned 90° clockwise, full-range levels.
    const auto in = testdata::path(m_dir, "portrait.mp4");
    VideoWriteOptions portrait;
    portrait.rotation = 90;
    portrait.fullRange = true;
    writeVideo(in, markedFrames(6, 32, 48), 10.0, portrait);
    const auto source = probeVideo(in);
    QCOMPARE(source.rotation, 90);
    QVERIFY(source.fullRange);
    QCOMPARE(source.width, 48);
    QCOMPARE(source.height, 32);
    // Shown upright, with the mark where it was drawn.
    const auto upright = readVideoFrame(in, 2);
    QCOMPARE(upright.width, 32);
    QCOMPARE(upright.height, 48);
    QVERIFY(upright.pixel(2, 2)[0] > 200 && upright.pixel(29, 45)[0] < 150);

    const auto out = testdata::path(m_dir, "portrait translated.mp4");
    translateVideo(*m_translator, in, out, {});
    const auto written = probeVideo(out);
    QCOMPARE(written.rotation, 90);
    QVERIFY(written.fullRange);
    QCOMPARE(written.width, 48);
    QCOMPARE(written.height, 32);
    QCOMPARE(written.fps, 10.0);
    QVERIFY(written.audio.empty());
}

QTEST_MAIN(TestVideo)
#include "tst_video.moc"
