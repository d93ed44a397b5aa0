// Video through OpenCV's video I/O, for builds without FFmpeg's libraries (a minimal OpenCV writes
// Motion JPEG AVI only): pictures only, no sound, rotation or colour-range metadata.

#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "translation/videobackend.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

namespace fs = std::filesystem;

namespace engine::videoio {

namespace {

cv::VideoCapture openCapture(const fs::path &path)
{
    cv::VideoCapture capture;
    try {
        capture.open(path.string(), cv::CAP_ANY);
    } catch (const cv::Exception &e) {
        throw Error("\"" + displayPath(path) + "\" could not be opened as a video: " + e.msg);
    }
    if (!capture.isOpened())
        throw Error("\"" + displayPath(path) + "\" is not a video this program can read, or it is damaged.");
    return capture;
}

int fourccFor(const std::string &ext)
{
    if (ext == ".avi")
        return cv::VideoWriter::fourcc('M', 'J', 'P', 'G');
    if (ext == ".webm")
        return cv::VideoWriter::fourcc('V', 'P', '8', '0');
    return cv::VideoWriter::fourcc('m', 'p', '4', 'v');
}

cv::VideoWriter openWriter(const fs::path &file, const fs::path &output, double fps, cv::Size size)
{
    cv::VideoWriter writer;
    try {
        writer.open(file.string(), fourccFor(lowerExtension(output)), fps, size, true);
    } catch (const cv::Exception &e) {
        throw Error("Cannot write the video \"" + displayPath(output) + "\": " + e.msg);
    }
    if (!writer.isOpened())
        throw Error("Cannot write the video \"" + displayPath(output) + "\": the folder is not writable or this build has no encoder for \"" +
                    output.extension().string() + "\".");
    return writer;
}

class OpenCvTranscoder : public Transcoder
{
public:
    OpenCvTranscoder(const fs::path &input, const VideoInfo &info, const fs::path &file, const fs::path &output)
        : m_capture(openCapture(input)), m_writer(openWriter(file, output, info.fps, cv::Size(info.width, info.height))),
          m_size(info.width, info.height)
    {
    }
    bool read(cv::Mat &bgr) override
    {
        if (!m_capture.read(bgr) || bgr.empty())
            return false;
        if (bgr.size() != m_size)
            cv::resize(bgr, bgr, m_size, 0, 0, cv::INTER_AREA);
        if (bgr.channels() == 1)
            cv::cvtColor(bgr, bgr, cv::COLOR_GRAY2BGR);
        return true;
    }
    void write(const cv::Mat &bgr) override { m_writer.write(bgr); }
    void finish() override { m_writer.release(); }

private:
    cv::VideoCapture m_capture;
    cv::VideoWriter m_writer;
    cv::Size m_size;
};

} // namespace

bool keepsSound()
{
    return false;
}

VideoInfo probe(const fs::path &path)
{
    auto capture = openCapture(path);
    VideoInfo info;
    info.width = static_cast<int>(capture.get(cv::CAP_PROP_FRAME_WIDTH));
    info.height = static_cast<int>(capture.get(cv::CAP_PROP_FRAME_HEIGHT));
    info.fps = capture.get(cv::CAP_PROP_FPS);
    info.frames = static_cast<std::int64_t>(capture.get(cv::CAP_PROP_FRAME_COUNT));
    cv::Mat first;
    if (info.width <= 0 || info.height <= 0 || !capture.read(first) || first.empty())
        throw Error("\"" + displayPath(path) + "\" has no readable frames; it may be damaged or use a codec this build cannot decode.");
    if (!(info.fps > 0 && info.fps < 1000))
        info.fps = 25; // some containers do not say; the usual default
    info.seconds = double(info.frames) / info.fps;
    return info;
}

Image readFrame(const fs::path &path, std::int64_t index)
{
    auto capture = openCapture(path);
    if (index > 0)
        capture.set(cv::CAP_PROP_POS_FRAMES, static_cast<double>(index));
    cv::Mat frame;
    if (!capture.read(frame) || frame.empty())
        throw Error("Frame " + std::to_string(index + 1) + " of \"" + displayPath(path) + "\" cannot be read.");
    return bgrToImage(frame);
}

void write(const fs::path &path, const std::vector<Image> &frames, double fps, const VideoWriteOptions &options)
{
    if (options.toneHz > 0 || options.rotation != 0)
        throw Error("This build of CycleStudio writes video without sound or rotation (it has no FFmpeg libraries).");
    auto writer = openWriter(path, path, fps, cv::Size(frames.front().width, frames.front().height));
    for (const auto &f : frames)
        writer.write(imageToBgr(f));
}

std::vector<float> readAudio(const fs::path &path, int, int &)
{
    throw Error("This build of CycleStudio reads no sound (it has no FFmpeg libraries): \"" + displayPath(path) + "\".");
}

std::unique_ptr<Transcoder> openTranscoder(const fs::path &input, const VideoInfo &info, const fs::path &file, const fs::path &output)
{
    return std::make_unique<OpenCvTranscoder>(input, info, file, output);
}

} // namespace engine::videoio
