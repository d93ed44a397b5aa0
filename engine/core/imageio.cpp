#include "engine/core/imageio.h"

#include "engine/core/atomicfile.h"
#include "engine/core/error.h"

#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdlib>
#include <mutex>

namespace fs = std::filesystem;

namespace engine {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

void configureOpenCvOnce()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // OpenCV's own decoder limit is a safety net behind sniffImageSize(); it is read once, at the first
        // decode. Warnings from libjpeg/libpng would go to stderr; the engine reports problems itself.
#ifndef _WIN32
        ::setenv("OPENCV_IO_MAX_IMAGE_PIXELS", std::to_string(kDefaultMaxPixels).c_str(), 0);
#endif
        cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);
    });
}

std::uint32_t be16(const unsigned char *p) { return (p[0] << 8) | p[1]; }
std::uint32_t be32(const unsigned char *p) { return (std::uint32_t(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3]; }
std::uint32_t le16(const unsigned char *p) { return p[0] | (p[1] << 8); }
std::uint32_t le32(const unsigned char *p) { return p[0] | (p[1] << 8) | (p[2] << 16) | (std::uint32_t(p[3]) << 24); }

bool isJpeg(const std::string &b) { return b.size() > 3 && (unsigned char)b[0] == 0xFF && (unsigned char)b[1] == 0xD8; }
bool isPng(const std::string &b) { return b.size() > 8 && b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0; }

// Applies EXIF orientation the way OpenCV's imread does (1 = as stored).
void applyOrientation(cv::Mat &m, int orientation)
{
    switch (orientation) {
    case 2: cv::flip(m, m, 1); break;
    case 3: cv::flip(m, m, -1); break;
    case 4: cv::flip(m, m, 0); break;
    case 5: cv::transpose(m, m); break;
    case 6: cv::transpose(m, m); cv::flip(m, m, 1); break;
    case 7: cv::transpose(m, m); cv::flip(m, m, -1); break;
    case 8: cv::transpose(m, m); cv::flip(m, m, 0); break;
    default: break;
    }
}

// Composites an image with alpha over white, so transparent areas do not turn black.
cv::Mat compositeOverWhite(const cv::Mat &bgra)
{
    std::vector<cv::Mat> ch;
    cv::split(bgra, ch);
    cv::Mat alpha;
    ch.back().convertTo(alpha, CV_32F, 1.0 / 255.0);
    cv::Mat out;
    std::vector<cv::Mat> colour(ch.begin(), ch.end() - 1);
    for (auto &c : colour) {
        cv::Mat f;
        c.convertTo(f, CV_32F);
        f = f.mul(alpha) + (1.0 - alpha) * 255.0;
        f.convertTo(c, CV_8U);
    }
    cv::merge(colour, out);
    return out;
}

} // namespace

const std::vector<std::string> &imageExtensions()
{
    static const std::vector<std::string> exts = {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff"};
    return exts;
}

bool hasImageExtension(const fs::path &path)
{
    const auto ext = lower(path.extension().string());
    const auto &exts = imageExtensions();
    return std::find(exts.begin(), exts.end(), ext) != exts.end();
}

std::string imageTypesText()
{
    std::string text;
    for (const auto &ext : imageExtensions())
        text += (text.empty() ? "" : ", ") + ext.substr(1);
    return text;
}

bool sniffImageSize(const std::string &bytes, int &width, int &height)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const size_t n = bytes.size();
    if (isPng(bytes) && n >= 24) {
        width = static_cast<int>(be32(p + 16));
        height = static_cast<int>(be32(p + 20));
        return true;
    }
    if (n > 26 && p[0] == 'B' && p[1] == 'M') {
        width = static_cast<int>(le32(p + 18));
        height = std::abs(static_cast<int>(le32(p + 22)));
        return true;
    }
    if (n > 30 && bytes.compare(0, 4, "RIFF") == 0 && bytes.compare(8, 4, "WEBP") == 0) {
        if (bytes.compare(12, 4, "VP8X") == 0) {
            width = 1 + static_cast<int>(p[24] | (p[25] << 8) | (p[26] << 16));
            height = 1 + static_cast<int>(p[27] | (p[28] << 8) | (p[29] << 16));
            return true;
        }
        if (bytes.compare(12, 4, "VP8 ") == 0) {
            width = le16(p + 26) & 0x3FFF;
            height = le16(p + 28) & 0x3FFF;
            return true;
        }
        return false;
    }
    if (isJpeg(bytes)) {
        size_t i = 2;
        while (i + 9 < n) {
            if (p[i] != 0xFF) {
                ++i;
                continue;
            }
            const unsigned char marker = p[i + 1];
            if (marker == 0xFF) {
                ++i;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            const std::uint32_t len = be16(p + i + 2);
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                height = static_cast<int>(be16(p + i + 5));
                width = static_cast<int>(be16(p + i + 7));
                return true;
            }
            i += 2 + len;
        }
    }
    return false;
}

int jpegExifOrientation(const std::string &bytes)
{
    if (!isJpeg(bytes))
        return 1;
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const size_t n = bytes.size();
    size_t i = 2;
    while (i + 4 < n && p[i] == 0xFF) {
        const unsigned char marker = p[i + 1];
        const size_t len = be16(p + i + 2);
        if (marker == 0xDA) // start of scan: no more metadata
            break;
        if (marker == 0xE1 && len >= 16 && i + 2 + len <= n && bytes.compare(i + 4, 6, std::string("Exif\0\0", 6)) == 0) {
            const unsigned char *tiff = p + i + 10;
            const size_t tiffLen = len - 8;
            const bool little = tiff[0] == 'I';
            auto u16 = [&](size_t off) { return little ? le16(tiff + off) : be16(tiff + off); };
            auto u32 = [&](size_t off) { return little ? le32(tiff + off) : be32(tiff + off); };
            const size_t ifd = u32(4);
            if (ifd + 2 > tiffLen)
                return 1;
            const size_t count = u16(ifd);
            for (size_t e = 0; e < count; ++e) {
                const size_t entry = ifd + 2 + e * 12;
                if (entry + 12 > tiffLen)
                    break;
                if (u16(entry) == 0x0112) {
                    const int value = static_cast<int>(u16(entry + 8));
                    return (value >= 1 && value <= 8) ? value : 1;
                }
            }
            return 1;
        }
        i += 2 + len;
    }
    return 1;
}

namespace {

// The checks made before decoding: empty file, damaged or huge header size, truncated JPEG.
void checkEncoded(const std::string &bytes, const std::string &name, std::int64_t maxPixels)
{
    if (bytes.empty())
        throw Error("\"" + name + "\" is empty (0 bytes).");
    int w = 0, h = 0;
    if (sniffImageSize(bytes, w, h)) {
        if (w <= 0 || h <= 0)
            throw Error("\"" + name + "\" is damaged: its header gives a size of " + std::to_string(w) + "×" +
                        std::to_string(h) + ".");
        if (static_cast<std::int64_t>(w) * h > maxPixels)
            throw Error("\"" + name + "\" is too large (" + std::to_string(w) + "×" + std::to_string(h) +
                        " pixels); the limit is " + std::to_string(maxPixels / 1'000'000) + " megapixels.");
    }
    if (isJpeg(bytes)) {
        // libjpeg decodes a truncated file with the missing part grey and only a warning.
        const size_t tail = std::min<size_t>(bytes.size(), 4096);
        if (bytes.find("\xFF\xD9", bytes.size() - tail) == std::string::npos)
            throw Error("\"" + name + "\" is truncated or damaged (the JPEG data ends early).");
    }
}

cv::Mat decodeMat(const std::string &bytes, const std::string &name, int flags)
{
    cv::Mat m;
    try {
        const cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char *>(bytes.data()));
        m = cv::imdecode(buf, flags);
    } catch (const cv::Exception &e) {
        throw Error("\"" + name + "\" could not be decoded: " + e.msg);
    }
    if (m.empty())
        throw Error("\"" + name + "\" is not an image this program can read, or it is damaged.");
    return m;
}

Image toRgbImage(cv::Mat m, const std::string &bytes, const std::string &name);

} // namespace

Image decodeImage(const std::string &bytes, const std::string &name, std::int64_t maxPixels)
{
    configureOpenCvOnce();
    checkEncoded(bytes, name, maxPixels);
    cv::Mat m = decodeMat(bytes, name, cv::IMREAD_UNCHANGED);
    if (static_cast<std::int64_t>(m.cols) * m.rows > maxPixels)
        throw Error("\"" + name + "\" is too large (" + std::to_string(m.cols) + "×" + std::to_string(m.rows) +
                    " pixels); the limit is " + std::to_string(maxPixels / 1'000'000) + " megapixels.");
    return toRgbImage(std::move(m), bytes, name);
}

Image loadThumbnail(const fs::path &path, int maxSide, std::int64_t maxPixels)
{
    configureOpenCvOnce();
    const std::string bytes = readFileBytes(path);
    const std::string name = displayPath(path);
    Image image;
    int w = 0, h = 0;
    if (isJpeg(bytes) && sniffImageSize(bytes, w, h)) {
        checkEncoded(bytes, name, maxPixels); // decodeImage() makes these checks on the other path
        // libjpeg scales by 1/2, 1/4 or 1/8 while decoding; take the smallest that stays above maxSide.
        const int side = std::max(w, h);
        int flags = cv::IMREAD_COLOR;
        if (side >= maxSide * 8)
            flags = cv::IMREAD_REDUCED_COLOR_8;
        else if (side >= maxSide * 4)
            flags = cv::IMREAD_REDUCED_COLOR_4;
        else if (side >= maxSide * 2)
            flags = cv::IMREAD_REDUCED_COLOR_2;
        image = toRgbImage(decodeMat(bytes, name, flags), bytes, name);
    } else {
        image = decodeImage(bytes, name, maxPixels);
    }
    const int side = std::max(image.width, image.height);
    if (side <= maxSide)
        return image;
    const double scale = double(maxSide) / side;
    return resizeImage(image, std::max(1, int(std::lround(image.width * scale))), std::max(1, int(std::lround(image.height * scale))));
}

namespace {

Image toRgbImage(cv::Mat m, const std::string &bytes, const std::string &name)
{
    switch (m.depth()) {
    case CV_8U: break;
    case CV_16U: m.convertTo(m, CV_8U, 1.0 / 257.0); break;
    case CV_32F:
    case CV_64F: m.convertTo(m, CV_8U, 255.0); break;
    default: {
        double lo = 0, hi = 0;
        cv::minMaxLoc(m.reshape(1), &lo, &hi);
        m.convertTo(m, CV_8U, hi > lo ? 255.0 / (hi - lo) : 1.0, hi > lo ? -lo * 255.0 / (hi - lo) : 0.0);
    }
    }
    // The common case (3 channels, no EXIF turn) converts straight into the result's memory: a huge image
    // is then held twice at most (decoded and converted), not three times.
    const int orientation = jpegExifOrientation(bytes);
    if (m.channels() == 3 && orientation == 1) {
        Image out(m.cols, m.rows);
        cv::Mat dst(m.rows, m.cols, CV_8UC3, out.rgb.data());
        cv::cvtColor(m, dst, cv::COLOR_BGR2RGB);
        return out;
    }
    cv::Mat rgb;
    switch (m.channels()) {
    case 1: cv::cvtColor(m, rgb, cv::COLOR_GRAY2RGB); break;
    case 2: {
        std::vector<cv::Mat> ch;
        cv::split(m, ch);
        cv::Mat bgra;
        cv::merge(std::vector<cv::Mat>{ch[0], ch[0], ch[0], ch[1]}, bgra);
        cv::cvtColor(compositeOverWhite(bgra), rgb, cv::COLOR_BGR2RGB);
        break;
    }
    case 3: cv::cvtColor(m, rgb, cv::COLOR_BGR2RGB); break;
    case 4: cv::cvtColor(compositeOverWhite(m), rgb, cv::COLOR_BGR2RGB); break;
    default: throw Error("\"" + name + "\" has " + std::to_string(m.channels()) + " colour channels, which is not supported.");
    }
    m.release();
    applyOrientation(rgb, orientation);

    Image out(rgb.cols, rgb.rows);
    for (int y = 0; y < rgb.rows; ++y)
        std::copy_n(rgb.ptr<std::uint8_t>(y), static_cast<size_t>(rgb.cols) * 3, out.pixel(0, y));
    return out;
}

} // namespace

Image loadImage(const fs::path &path, std::int64_t maxPixels)
{
    return decodeImage(readFileBytes(path), displayPath(path), maxPixels);
}

namespace {

std::vector<unsigned char> encodeBuffer(const Image &image, const std::string &extension)
{
    configureOpenCvOnce();
    if (image.empty())
        throw Error("Cannot save an empty image.");
    std::string ext = lower(extension);
    if (!ext.empty() && ext[0] != '.')
        ext = "." + ext;
    const bool deep = image.deep() && (ext == ".png" || ext == ".tif" || ext == ".tiff");
    cv::Mat rgb = deep ? cv::Mat(image.height, image.width, CV_16UC3, const_cast<std::uint16_t *>(image.rgb16.data()))
                       : cv::Mat(image.height, image.width, CV_8UC3, const_cast<std::uint8_t *>(image.rgb.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    rgb.release();
    std::vector<int> params;
    if (ext == ".jpg" || ext == ".jpeg")
        params = {cv::IMWRITE_JPEG_QUALITY, 95};
    else if (ext == ".webp")
        params = {cv::IMWRITE_WEBP_QUALITY, 95};
    std::vector<unsigned char> buf;
    try {
        if (!cv::imencode(ext, bgr, buf, params))
            throw Error("Cannot encode an image as \"" + ext + "\".");
    } catch (const cv::Exception &) {
        throw Error("The image format \"" + ext + "\" is not supported for saving.");
    }
    return buf;
}

} // namespace

std::string encodeImage(const Image &image, const std::string &extension)
{
    const auto buf = encodeBuffer(image, extension);
    return std::string(buf.begin(), buf.end());
}

void saveImage(const Image &image, const fs::path &path)
{
    const auto buf = encodeBuffer(image, path.extension().string());
    writeFileAtomic(path, buf.data(), buf.size());
}

std::vector<fs::path> listImages(const fs::path &folder)
{
    std::error_code ec;
    if (!fs::exists(folder, ec))
        throw Error("The folder \"" + displayPath(folder) + "\" does not exist.");
    if (!fs::is_directory(folder, ec))
        throw Error("\"" + displayPath(folder) + "\" is not a folder.");
    std::vector<fs::path> files;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
    if (ec)
        throw Error("Cannot read the folder \"" + displayPath(folder) + "\": " + ec.message() + ".");
    for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
        if (ec)
            break;
        const auto name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
            if (it->is_directory(ec))
                it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file(ec) && hasImageExtension(it->path()))
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

bool anyReadableImage(const std::vector<fs::path> &files, std::string *firstProblem)
{
    for (const auto &file : files) {
        try {
            loadThumbnail(file, 64);
            return true;
        } catch (const Error &e) {
            if (firstProblem && firstProblem->empty())
                *firstProblem = e.what();
        }
    }
    return false;
}

std::vector<fs::path> collectImages(const std::vector<fs::path> &inputs)
{
    std::vector<fs::path> files;
    for (const auto &input : inputs) {
        std::error_code ec;
        if (fs::is_directory(input, ec)) {
            auto found = listImages(input);
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::exists(input, ec)) {
            files.push_back(input);
        } else {
            throw Error("\"" + displayPath(input) + "\" does not exist.");
        }
    }
    return files;
}

} // namespace engine
