#include "engine/translation/video.h"

#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/translation/translator.h"
#include "translation/videobackend.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace fs = std::filesystem;

namespace engine {

namespace {

// Where the input barely changed, keep part of the previous output: weight = s · exp(-|Δinput| / τ).
void smooth(cv::Mat &out, const cv::Mat &previousOut, const cv::Mat &input, const cv::Mat &previousInput, double strength)
{
    constexpr double tau = 6.0; // grey levels; sensor noise is a few levels, motion tens
    cv::Mat diff, grey, weight;
    cv::absdiff(input, previousInput, diff);
    cv::cvtColor(diff, grey, cv::COLOR_BGR2GRAY);
    grey.convertTo(weight, CV_32F, -1.0 / tau);
    cv::exp(weight, weight);
    weight *= strength;
    cv::Mat weight3;
    cv::merge(std::vector<cv::Mat>{weight, weight, weight}, weight3);
    cv::Mat a, b;
    out.convertTo(a, CV_32FC3);
    previousOut.convertTo(b, CV_32FC3);
    cv::Mat blended = a + weight3.mul(b - a);
    blended.convertTo(out, CV_8UC3);
}

} // namespace

namespace videoio {

Image bgrToImage(const cv::Mat &bgr)
{
    cv::Mat rgb;
    if (bgr.channels() == 1)
        cv::cvtColor(bgr, rgb, cv::COLOR_GRAY2RGB);
    else
        cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    Image out(rgb.cols, rgb.rows);
    for (int y = 0; y < rgb.rows; ++y)
        std::copy_n(rgb.ptr<std::uint8_t>(y), static_cast<size_t>(rgb.cols) * 3, out.pixel(0, y));
    return out;
}

cv::Mat imageToBgr(const Image &image)
{
    cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t *>(image.rgb.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    return bgr;
}

std::string lowerExtension(const fs::path &path)
{
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

} // namespace videoio

const std::vector<std::string> &videoExtensions()
{
    static const std::vector<std::string> ext = {".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm"};
    return ext;
}

bool hasVideoExtension(const fs::path &path)
{
    const auto ext = videoio::lowerExtension(path);
    return std::find(videoExtensions().begin(), videoExtensions().end(), ext) != videoExtensions().end();
}

bool videoKeepsSound()
{
    return videoio::keepsSound();
}

VideoInfo probeVideo(const fs::path &path)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw Error("The video \"" + displayPath(path) + "\" does not exist.");
    return videoio::probe(path);
}

Image readVideoFrame(const fs::path &path, std::int64_t index)
{
    return videoio::readFrame(path, index);
}

void writeVideo(const fs::path &path, const std::vector<Image> &frames, double fps, const VideoWriteOptions &options)
{
    if (frames.empty())
        throw Error("No frames to write to \"" + displayPath(path) + "\".");
    videoio::write(path, frames, fps, options);
}

std::vector<float> readAudioTrack(const fs::path &path, int track, int &sampleRate)
{
    return videoio::readAudio(path, track, sampleRate);
}

double meanConsecutiveDifference(const std::vector<Image> &frames)
{
    double sum = 0;
    std::int64_t count = 0;
    for (size_t i = 1; i < frames.size(); ++i) {
        const auto &a = frames[i - 1].rgb, &b = frames[i].rgb;
        if (a.size() != b.size())
            continue;
        for (size_t k = 0; k < a.size(); ++k)
            sum += std::abs(int(a[k]) - int(b[k]));
        count += static_cast<std::int64_t>(a.size());
    }
    return count ? sum / double(count) : 0.0;
}

namespace {

// Refuses an output that would overwrite the input or has no video extension; creates its folder.
void checkVideoOutput(const fs::path &input, const fs::path &output)
{
    std::error_code ec;
    if (fs::exists(output, ec) && fs::equivalent(input, output, ec))
        throw Error("The output video would overwrite the input \"" + displayPath(input) + "\"; choose another name.");
    if (!hasVideoExtension(output))
        throw Error("\"" + displayPath(output) + "\" does not end in a video extension (.mp4, .mov, .avi, .mkv, .webm).");
    if (!output.parent_path().empty())
        fs::create_directories(output.parent_path(), ec);
}

// Removes the partial file unless the video was completed.
struct PartialFile
{
    fs::path path;
    bool keep = false;
    ~PartialFile()
    {
        std::error_code ignored;
        if (!keep)
            fs::remove(path, ignored);
    }
};

// Mean |out_t - out_{t-1}| over pixels and frames.
struct FlickerMeter
{
    double sum = 0;
    std::int64_t frames = 0;
    void add(const cv::Mat &out, const cv::Mat &previous)
    {
        cv::Mat d;
        cv::absdiff(out, previous, d);
        const cv::Scalar m = cv::mean(d);
        sum += (m[0] + m[1] + m[2]) / 3.0;
        ++frames;
    }
    double mean() const { return frames ? sum / double(frames) : 0.0; }
};

} // namespace

VideoResult translateVideo(Translator &translator, const fs::path &input, const fs::path &output, const VideoOptions &options,
                           const std::function<bool(const VideoProgress &)> &progress)
{
    const auto info = probeVideo(input);
    checkVideoOutput(input, output);
    // Same folder and extension (FFmpeg picks the container from it), a name no one else uses.
    PartialFile partial{output.parent_path() / (output.stem().string() + ".cyclestudio-partial" + output.extension().string())};
    auto video = videoio::openTranscoder(input, info, partial.path, output);
    VideoResult result;
    result.fps = info.fps;
    const auto start = std::chrono::steady_clock::now();
    const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    cv::Mat frame, previousIn, previousOut;
    FlickerMeter flicker;
    while (video->read(frame) && !frame.empty()) {
        cv::Mat out = videoio::imageToBgr(translator.translate(videoio::bgrToImage(frame)));
        if (options.smoothing > 0 && !previousOut.empty())
            smooth(out, previousOut, frame, previousIn, std::clamp(options.smoothing, 0.0, 0.95));
        if (!previousOut.empty())
            flicker.add(out, previousOut);
        video->write(out);
        previousIn = frame.clone();
        previousOut = out;
        ++result.frames;
        if (progress) {
            VideoProgress p;
            p.done = result.frames;
            p.total = std::max(info.frames, result.frames);
            p.elapsedSeconds = elapsed();
            p.etaSeconds = p.elapsedSeconds / double(p.done) * double(p.total - p.done);
            if (!progress(p)) {
                result.cancelled = true;
                break;
            }
        }
    }
    result.meanFlicker = flicker.mean();
    result.secondsPerFrame = result.frames ? elapsed() / double(result.frames) : 0.0;
    if (result.cancelled)
        return result; // the partial file is removed
    if (result.frames == 0)
        throw Error("\"" + displayPath(input) + "\" has no readable frames.");
    video->finish();
    result.audioTracksCopied = video->audioTracksCopied;
    result.audioTracksReencoded = video->audioTracksReencoded;
    video.reset();
    std::error_code ec;
    fs::rename(partial.path, output, ec);
    if (ec)
        throw Error("Cannot move the finished video to \"" + displayPath(output) + "\": " + ec.message() + ".");
    partial.keep = true;
    return result;
}

} // namespace engine
