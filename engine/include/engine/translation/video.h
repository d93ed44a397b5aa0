#pragma once
// Video translation: a video file is translated frame by frame at its own size and
// frame rate into a new file, with optional temporal smoothing against flicker. Where the build has
// FFmpeg's libraries (the usual case) the file is read and written through them: the sound tracks are
// copied into the new file (or re-encoded where the container cannot hold them), and the frame timing,
// rotation and colour range are kept. A build without them (a minimal GPU-server bundle) reads and writes
// through OpenCV's video I/O, without sound. The output is written under a temporary name beside the
// target and renamed when complete, so a cancelled or failed export leaves no half-written file under
// the final name. No torch here.

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

struct AudioTrackInfo
{
    std::string codec; // FFmpeg's short name: "aac", "opus", …
    int sampleRate = 0, channels = 0;
    double seconds = 0; // as the container reports it
};

struct VideoInfo
{
    int width = 0, height = 0; // as stored; a rotated video is shown turned by `rotation`
    double fps = 0;
    std::int64_t frames = 0; // as the container reports it (may be an estimate)
    double seconds = 0;      // the video track's duration (0 where the container does not say)
    int rotation = 0;        // 0, 90, 180 or 270: degrees clockwise a player turns the stored picture
    bool fullRange = false;  // 0-255 ("full", "JPEG") rather than 16-235 ("limited", "TV") levels
    std::string codec;
    std::vector<AudioTrackInfo> audio;
};

// True where this build reads and writes sound (FFmpeg's libraries).
bool videoKeepsSound();

// Throws engine::Error naming the file when it cannot be opened as a video.
VideoInfo probeVideo(const std::filesystem::path &path);
// One frame (0-based) as RGB, upright (turned by the rotation); throws if the file or the frame cannot be read.
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
    int audioTracksCopied = 0;    // sound tracks carried over unchanged
    int audioTracksReencoded = 0; // … and converted, where the output container cannot hold them as they are
};

// Translates `input` into `output`; the container comes from the extension: .mp4/.m4v/.mov/.mkv hold
// H.264 (MPEG-4 Part 2 where FFmpeg has no H.264 encoder), .avi Motion JPEG, .webm VP8. Frames are
// translated upright and stored as the input stored them, with its rotation. Sound: copied where the
// container can hold it, else re-encoded (AAC; Opus in .webm). A codec this build cannot read or write is
// refused with a sentence before anything is written. `progress` returning false cancels. Throws
// engine::Error.
VideoResult translateVideo(Translator &translator, const std::filesystem::path &input, const std::filesystem::path &output,
                           const VideoOptions &options, const std::function<bool(const VideoProgress &)> &progress = {});

struct VideoWriteOptions
{
    double toneHz = 0;     // > 0: a sine tone of this pitch as a sound track, as long as the frames
    int rotation = 0;      // 0, 90, 180, 270: stored as the rotation a player applies
    bool fullRange = false; // store 0-255 levels rather than 16-235
};

// Writes frames (all the size of the first) as a video; used by the benchmark and tests. Throws (also
// for sound or rotation in a build without FFmpeg's libraries).
void writeVideo(const std::filesystem::path &path, const std::vector<Image> &frames, double fps, const VideoWriteOptions &options = {});

// The sound of one track, mixed to mono, with its sample rate; for checks of what was written. Throws.
std::vector<float> readAudioTrack(const std::filesystem::path &path, int track, int &sampleRate);

// Mean absolute difference of consecutive frames (0..255), the flicker measure of the report.
double meanConsecutiveDifference(const std::vector<Image> &frames);

} // namespace engine
