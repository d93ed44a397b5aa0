// Image reading: every kind of bad or unusual input gets a clear message or a correct 8-bit RGB image.

#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/core/imageio.h"
#include "tests/testdata.h"

#include <QtTest/QtTest>

#include <opencv2/imgcodecs.hpp>

#include <fstream>

using namespace engine;
namespace fs = std::filesystem;

namespace {
const unsigned char kCmykJpeg[] = {
#include "tests/cmykjpeg.inc"
};

void writeBytes(const fs::path &p, const std::string &bytes)
{
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

QString errorOf(const fs::path &p)
{
    try {
        loadImage(p);
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

// Inserts an EXIF APP1 segment with only an Orientation tag right after the JPEG SOI marker.
std::string withExifOrientation(const std::string &jpeg, int orientation)
{
    std::string tiff = std::string("MM\0\x2a\0\0\0\x08", 8);                   // big-endian TIFF header, IFD at 8
    tiff += std::string("\0\x01", 2);                                          // one entry
    tiff += std::string("\x01\x12\0\x03\0\0\0\x01", 8);                        // Orientation, SHORT, count 1
    tiff += std::string(1, '\0') + std::string(1, char(orientation)) + std::string(2, '\0');
    tiff += std::string(4, '\0');                                              // no next IFD
    const std::string payload = std::string("Exif\0\0", 6) + tiff;
    const size_t len = payload.size() + 2;
    std::string app1 = "\xFF\xE1";
    app1 += char(len >> 8);
    app1 += char(len & 0xFF);
    return jpeg.substr(0, 2) + app1 + payload + jpeg.substr(2);
}
} // namespace

class TestImageIo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resizeMatchesTheReferenceLoader_data();
    void resizeMatchesTheReferenceLoader();
    void init() { QVERIFY(m_dir.isValid()); }
    void roundTripPng();
    void zeroByteFile();
    void nonImageFile();
    void corruptFile();
    void truncatedJpegAndPng();
    void missingFile();
    void thumbnails();
    void hugeImageRefusedBeforeDecoding();
    void onePixelImage();
    void grayscale16BitAndAlpha();
    void cmykJpeg();
    void exifOrientation();
    void nonAsciiPath();
    void emptyAndMissingFolders();
    void listIsRecursiveSortedAndSkipsOtherFiles();

private:
    QTemporaryDir m_dir;
};

void TestImageIo::roundTripPng()
{
    const auto img = testdata::stripes(20, true, 1);
    const auto p = testdata::path(m_dir, "round.png");
    saveImage(img, p);
    const auto back = loadImage(p);
    QCOMPARE(back.width, 20);
    QCOMPARE(back.height, 20);
    QVERIFY(back.rgb == img.rgb);
}

void TestImageIo::zeroByteFile()
{
    const auto p = testdata::path(m_dir, "empty.png");
    writeBytes(p, "");
    QVERIFY2(errorOf(p).contains("empty"), qPrintable(errorOf(p)));
}

void TestImageIo::nonImageFile()
{
    const auto p = testdata::path(m_dir, "notes.jpg");
    writeBytes(p, "These are my notes, not a picture.\n");
    QVERIFY2(errorOf(p).contains("not an image"), qPrintable(errorOf(p)));
}

void TestImageIo::corruptFile()
{
    auto bytes = encodeImage(testdata::stripes(32, false, 2), ".png");
    for (size_t i = 40; i < bytes.size() - 20; i += 7)
        bytes[i] = static_cast<char>(bytes[i] ^ 0x5A);
    const auto p = testdata::path(m_dir, "corrupt.png");
    writeBytes(p, bytes);
    QVERIFY(!errorOf(p).isEmpty());
}

void TestImageIo::truncatedJpegAndPng()
{
    const auto jpg = encodeImage(testdata::stripes(64, false, 3), ".jpg");
    const auto pj = testdata::path(m_dir, "cut.jpg");
    writeBytes(pj, jpg.substr(0, jpg.size() / 2));
    QVERIFY2(errorOf(pj).contains("truncated"), qPrintable(errorOf(pj)));
    const auto png = encodeImage(testdata::stripes(64, false, 3), ".png");
    const auto pp = testdata::path(m_dir, "cut.png");
    writeBytes(pp, png.substr(0, png.size() / 2));
    QVERIFY(!errorOf(pp).isEmpty());
}

void TestImageIo::thumbnails()
{
    // A large JPEG is decoded at a reduced scale and then fitted; a small PNG is only fitted.
    const auto big = testdata::path(m_dir, "big.jpg");
    Image smooth(1000, 1000);
    for (int y = 0; y < 1000; ++y)
        for (int x = 0; x < 1000; ++x) {
            auto *p = smooth.pixel(x, y);
            p[0] = std::uint8_t(x * 255 / 999);
            p[1] = std::uint8_t(y * 255 / 999);
            p[2] = std::uint8_t(128 + 100 * std::sin(x / 80.0));
        }
    writeBytes(big, encodeImage(smooth, ".jpg"));
    const auto t = loadThumbnail(big, 96);
    QCOMPARE(t.width, 96);
    QCOMPARE(t.height, 96);
    const auto full = resizeImage(loadImage(big), 96, 96);
    double diff = 0;
    for (size_t i = 0; i < t.rgb.size(); ++i)
        diff += std::abs(int(t.rgb[i]) - int(full.rgb[i]));
    QVERIFY2(diff / double(t.rgb.size()) < 3, qPrintable(QString::number(diff / double(t.rgb.size()))));
    const auto small = testdata::path(m_dir, "small.png");
    writeBytes(small, encodeImage(testdata::stripes(40, false, 4), ".png"));
    QCOMPARE(loadThumbnail(small, 96).width, 40);
    // Broken files fail as they do for loadImage.
    const auto jpg = encodeImage(testdata::stripes(300, false, 3), ".jpg");
    const auto cut = testdata::path(m_dir, "cut_big.jpg");
    writeBytes(cut, jpg.substr(0, jpg.size() / 2));
    QVERIFY_THROWS_EXCEPTION(engine::Error, loadThumbnail(cut, 96));
}

void TestImageIo::missingFile()
{
    QVERIFY(errorOf(testdata::path(m_dir, "nope.png")).contains("does not exist"));
}

void TestImageIo::hugeImageRefusedBeforeDecoding()
{
    // A real 1×1 PNG whose header claims 20000×20000: refused from the header, nothing allocated.
    auto bytes = encodeImage(Image(1, 1), ".png");
    auto put32 = [&](size_t off, std::uint32_t v) {
        for (int i = 0; i < 4; ++i)
            bytes[off + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
    };
    put32(16, 20000);
    put32(20, 20000);
    const auto p = testdata::path(m_dir, "huge.png");
    writeBytes(p, bytes);
    const auto message = errorOf(p);
    QVERIFY2(message.contains("too large") && message.contains("20000×20000"), qPrintable(message));
    // A smaller limit applies to real images too.
    saveImage(Image(100, 100), testdata::path(m_dir, "hundred.png"));
    QVERIFY_THROWS_EXCEPTION(Error, loadImage(testdata::path(m_dir, "hundred.png"), 5000));
}

void TestImageIo::onePixelImage()
{
    Image one(1, 1);
    one.rgb = {10, 20, 30};
    const auto p = testdata::path(m_dir, "one.bmp");
    saveImage(one, p);
    const auto back = loadImage(p);
    QCOMPARE(back.width, 1);
    QCOMPARE(back.height, 1);
    QCOMPARE(int(back.rgb[2]), 30);
}

void TestImageIo::grayscale16BitAndAlpha()
{
    cv::Mat gray16(4, 6, CV_16UC1, cv::Scalar(65535));
    gray16.at<std::uint16_t>(0, 0) = 0;
    const auto pg = testdata::path(m_dir, "gray16.png");
    QVERIFY(cv::imwrite(pg.string(), gray16));
    auto g = loadImage(pg);
    QCOMPARE(g.width, 6);
    QCOMPARE(g.height, 4);
    QCOMPARE(int(g.pixel(0, 0)[0]), 0);
    QCOMPARE(int(g.pixel(1, 0)[1]), 255);

    cv::Mat rgba(3, 3, CV_8UC4, cv::Scalar(0, 0, 255, 0)); // fully transparent red (BGRA)
    rgba.at<cv::Vec4b>(1, 1) = cv::Vec4b(255, 0, 0, 255);   // one opaque blue pixel
    const auto pa = testdata::path(m_dir, "alpha.png");
    QVERIFY(cv::imwrite(pa.string(), rgba));
    auto a = loadImage(pa);
    QCOMPARE(int(a.pixel(0, 0)[0]), 255); // transparent → white
    QCOMPARE(int(a.pixel(0, 0)[1]), 255);
    QCOMPARE(int(a.pixel(1, 1)[2]), 255); // blue stays blue (RGB order)
    QCOMPARE(int(a.pixel(1, 1)[0]), 0);
}

void TestImageIo::cmykJpeg()
{
    const auto p = testdata::path(m_dir, "cmyk.jpg");
    writeBytes(p, std::string(reinterpret_cast<const char *>(kCmykJpeg), sizeof kCmykJpeg));
    const auto img = loadImage(p);
    QCOMPARE(img.width, 8);
    QCOMPARE(img.height, 8);
    // The gradient runs red (top) to blue (bottom).
    QVERIFY(img.pixel(4, 0)[0] > 150 && img.pixel(4, 0)[2] < 100);
    QVERIFY(img.pixel(4, 7)[2] > 150 && img.pixel(4, 7)[0] < 100);
}

void TestImageIo::exifOrientation()
{
    const auto jpeg = encodeImage(Image(16, 8), ".jpg"); // 16 wide, 8 tall as stored
    QCOMPARE(jpegExifOrientation(jpeg), 1);
    const auto rotated = withExifOrientation(jpeg, 6); // "rotate 90° clockwise to display"
    QCOMPARE(jpegExifOrientation(rotated), 6);
    const auto p = testdata::path(m_dir, "portrait.jpg");
    writeBytes(p, rotated);
    const auto img = loadImage(p);
    QCOMPARE(img.width, 8);
    QCOMPARE(img.height, 16);
}

void TestImageIo::nonAsciiPath()
{
    const auto folder = testdata::path(m_dir, "照片");
    fs::create_directories(folder);
    const auto p = folder / fs::u8path("猫.png");
    saveImage(testdata::stripes(12, true, 5), p);
    QCOMPARE(loadImage(p).width, 12);
    const auto files = listImages(folder);
    QCOMPARE(files.size(), size_t(1));
    QCOMPARE(QString::fromStdString(displayPath(files[0].filename())), QString::fromUtf8("猫.png"));
    QVERIFY(errorOf(folder / fs::u8path("狗.png")).contains(QString::fromUtf8("狗.png")));
}

void TestImageIo::emptyAndMissingFolders()
{
    const auto empty = testdata::path(m_dir, "emptydir");
    fs::create_directories(empty);
    QVERIFY(listImages(empty).empty());
    try {
        listImages(testdata::path(m_dir, "missing"));
        QFAIL("a missing folder must throw");
    } catch (const Error &e) {
        QVERIFY(QString(e.what()).contains("does not exist"));
    }
}

void TestImageIo::listIsRecursiveSortedAndSkipsOtherFiles()
{
    const auto root = testdata::path(m_dir, "tree");
    fs::create_directories(root / "sub" / "deeper");
    fs::create_directories(root / ".hidden");
    for (const auto &name : {"b.PNG", "a.jpg", "sub/c.webp", "sub/deeper/d.tif", "notes.txt", ".hidden/e.png"})
        writeBytes(root / name, "x");
    const auto files = listImages(root);
    QCOMPARE(files.size(), size_t(4));
    QCOMPARE(files.front().filename().string(), std::string("a.jpg"));
}

// The reference's data loader resizes with PIL's BICUBIC; the fixtures are PIL's own output
// (tests/fixtures/resize/make_fixtures.py). Shrinking, enlarging and both at once match to the grey level.
void TestImageIo::resizeMatchesTheReferenceLoader_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("shrink") << 36 << 36;
    QTest::newRow("shrink a little") << 71 << 71;
    QTest::newRow("enlarge") << 160 << 120;
    QTest::newRow("narrower and taller") << 40 << 90;
}

void TestImageIo::resizeMatchesTheReferenceLoader()
{
    QFETCH(int, width);
    QFETCH(int, height);
    const std::filesystem::path dir = CYCLESTUDIO_RESIZE_FIXTURES;
    const auto input = engine::loadImage(dir / "input_83x61.png");
    const auto expected = engine::loadImage(dir / ("pil_bicubic_" + std::to_string(width) + "x" + std::to_string(height) + ".png"));
    const auto ours = engine::resizeImage(input, width, height);
    QCOMPARE(ours.width, width);
    QCOMPARE(ours.height, height);
    int worst = 0;
    for (size_t i = 0; i < ours.rgb.size(); ++i)
        worst = std::max(worst, std::abs(int(ours.rgb[i]) - int(expected.rgb[i])));
    QCOMPARE(worst, 0);
}

QTEST_APPLESS_MAIN(TestImageIo)
#include "tst_imageio.moc"
