#pragma once
// The video reading and writing behind engine/translation/video.h, in one of two builds: FFmpeg's
// libraries (videoffmpeg.cpp: sound, rotation, colour range) or OpenCV's video I/O (videoopencv.cpp:
// pictures only). video.cpp holds what both share: the frame loop, smoothing, the partial file.

#include "engine/translation/video.h"

#include <opencv2/core.hpp>

#include <memory>

namespace engine::videoio {

// RGB ↔ OpenCV's BGR; lower-case extension with the dot.
Image bgrToImage(const cv::Mat &bgr);
cv::Mat imageToBgr(const Image &image);
std::string lowerExtension(const std::filesystem::path &path);

VideoInfo probe(const std::filesystem::path &path);
Image readFrame(const std::filesystem::path &path, std::int64_t index);
void write(const std::filesystem::path &path, const std::vector<Image> &frames, double fps, const VideoWriteOptions &options);
std::vector<float> readAudio(const std::filesystem::path &path, int track, int &sampleRate);
bool keepsSound();

// One pass from an input file to an output file: read() hands out the input's frames upright as BGR
// (and carries the sound over meanwhile), write() stores one translated frame, finish() completes the
// file. Destroying it unfinished closes the output as it is (the caller removes it).
class Transcoder
{
public:
    virtual ~Transcoder() = default;
    virtual bool read(cv::Mat &bgr) = 0;
    virtual void write(const cv::Mat &bgr) = 0;
    virtual void finish() = 0;
    int audioTracksCopied = 0, audioTracksReencoded = 0;
};

// `file` is where to write; `output` is the name the user chose (its extension picks the container).
std::unique_ptr<Transcoder> openTranscoder(const std::filesystem::path &input, const VideoInfo &info, const std::filesystem::path &file,
                                           const std::filesystem::path &output);

} // namespace engine::videoio
