#pragma once
// Video translation: a video file is translated frame by frame at its own size and
// frame rate into a new file, with optional temporal smoothing against flicker. Reading and writing go
// through OpenCV's video I/O (FFmpeg on Linux). The output is written under a temporary name beside the
// target and renamed when complete, so a cancelled or failed export leaves no half-written file under
// the final name. Audio is not carried over. No torch here.

#include "engine/core/image.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace engine {

class Translator;

// mp4, m4v, mov, avi, mkv, webm (lower case, with the dot).
const std::vector<std::string> &videoExtensions();
bool hasVideoExtension(const std::filesystem::path &path);

struct VideoInfo
{
    int width = 0, height = 0;
    double fps = 0;
    std::int64_t frames = 0; // as the container reports it (may be an estimate)
};

// Throws engine::Error naming the file when it cannot be opened as a video.
VideoInfo probeVideo(const std::filesystem::path &path);
// One frame (0-based) as RGB; throws if the file or the frame cannot be read.
Image readVideoFrame(const std::filesystem::path &path, std::int64_t index);

struct VideoOptions
{
    // 0 = off. Otherwise each output pixel keeps up to this share of the previous output frame where
    // the input pixel barely changed (static parts stop flickering, moving parts are not smeared).
    double smoothing = 0;
};

struct VideoProgress
{
    std::int64_t done = 0, total = 0;
    double elapsedSeconds = 0, etaSeconds = -1;
};

struct VideoResult
{
    std::int64_t frames = 0;
    double fps = 0;
    bool cancelled = false;
    double meanFlicker = 0;    // mean |out_t - out_{t-1}| over pixels and frames, 0..255
    double secondsPerFrame = 0;
};

// Translates `input` into `output` (container from its extension: .mp4/.m4v/.mov → MPEG-4, .avi → MJPEG,
// .mkv/.webm as FFmpeg chooses). `progress` returning false cancels. Throws engine::Error.
VideoResult translateVideo(Translator &translator, const std::filesystem::path &input, const std::filesystem::path &output,
                           const VideoOptions &options, const std::function<bool(const VideoProgress &)> &progress = {});

// Writes frames (all the size of the first) as a video; used by the benchmark and tests. Throws.
void writeVideo(const std::filesystem::path &path, const std::vector<Image> &frames, double fps);

// Mean absolute difference of consecutive frames (0..255), the flicker measure of the report.
double meanConsecutiveDifference(const std::vector<Image> &frames);

} // namespace engine
