// Video through FFmpeg's libraries (libavformat, libavcodec, libswscale, libswresample): one pass that
// decodes the input's video, hands its frames upright to the translation, encodes the translated frames
// with the input's timing, rotation and colour levels, and carries every sound track across as it is
// demuxed (copied packet for packet, or decoded, resampled and encoded where the container needs it).

#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "translation/videobackend.h"

#include <opencv2/imgproc.hpp>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include <cmath>
#include <functional>
#include <map>

namespace fs = std::filesystem;

namespace engine::videoio {

namespace {

std::string averror(int code)
{
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, buf, sizeof buf);
    return buf;
}

struct CodecContextDeleter
{
    void operator()(AVCodecContext *c) const { avcodec_free_context(&c); }
};
struct FrameDeleter
{
    void operator()(AVFrame *f) const { av_frame_free(&f); }
};
struct PacketDeleter
{
    void operator()(AVPacket *p) const { av_packet_free(&p); }
};
struct SwsDeleter
{
    void operator()(SwsContext *s) const { sws_freeContext(s); }
};
struct SwrDeleter
{
    void operator()(SwrContext *s) const { swr_free(&s); }
};
struct FifoDeleter
{
    void operator()(AVAudioFifo *f) const { av_audio_fifo_free(f); }
};
using CodecContext = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using Frame = std::unique_ptr<AVFrame, FrameDeleter>;
using Packet = std::unique_ptr<AVPacket, PacketDeleter>;

Frame newFrame()
{
    Frame f(av_frame_alloc());
    if (!f)
        throw Error("Out of memory for a video frame.");
    return f;
}

Packet newPacket()
{
    Packet p(av_packet_alloc());
    if (!p)
        throw Error("Out of memory for a video packet.");
    return p;
}

std::string codecName(AVCodecID id)
{
    const char *name = avcodec_get_name(id);
    return name ? name : "unknown";
}

// Degrees clockwise a player turns the stored picture, from the stream's display matrix.
int streamRotation(const AVStream *stream)
{
    size_t size = 0;
    const auto *matrix = reinterpret_cast<const int32_t *>(av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size));
    if (!matrix || size < 9 * sizeof(int32_t))
        return 0;
    const double counterClockwise = av_display_rotation_get(matrix);
    if (std::isnan(counterClockwise))
        return 0;
    const int clockwise = static_cast<int>(std::lround(-counterClockwise / 90.0)) * 90;
    return ((clockwise % 360) + 360) % 360;
}

void turnUpright(cv::Mat &bgr, int rotation)
{
    if (rotation == 90)
        cv::rotate(bgr, bgr, cv::ROTATE_90_CLOCKWISE);
    else if (rotation == 180)
        cv::rotate(bgr, bgr, cv::ROTATE_180);
    else if (rotation == 270)
        cv::rotate(bgr, bgr, cv::ROTATE_90_COUNTERCLOCKWISE);
}

void turnBack(cv::Mat &bgr, int rotation)
{
    turnUpright(bgr, (360 - rotation) % 360);
}

bool isFullRangeFormat(int format)
{
    return format == AV_PIX_FMT_YUVJ420P || format == AV_PIX_FMT_YUVJ422P || format == AV_PIX_FMT_YUVJ444P ||
           format == AV_PIX_FMT_YUVJ440P || format == AV_PIX_FMT_YUVJ411P;
}

// The YUV matrix: the stream's own, else BT.709 for HD and BT.601 below (what players assume).
const int *yuvCoefficients(AVColorSpace space, int height)
{
    if (space == AVCOL_SPC_UNSPECIFIED || space == AVCOL_SPC_RGB || space == AVCOL_SPC_RESERVED)
        return sws_getCoefficients(height >= 720 ? SWS_CS_ITU709 : SWS_CS_ITU601);
    return sws_getCoefficients(space);
}

// ---------------------------------------------------------------------------------------------------
// Reading

struct FormatInputDeleter
{
    void operator()(AVFormatContext *c) const { avformat_close_input(&c); }
};

// FFmpeg's own log (encoder statistics, container warnings) stays quiet below errors; what matters to the
// user reaches them as engine::Error sentences.
void quietLog()
{
    static const bool once = [] {
        av_log_set_level(AV_LOG_ERROR);
        return true;
    }();
    (void)once;
}

class Input
{
public:
    explicit Input(const fs::path &path) : m_path(path)
    {
        quietLog();
        AVFormatContext *raw = nullptr;
        int r = avformat_open_input(&raw, path.string().c_str(), nullptr, nullptr);
        if (r < 0)
            throw Error("\"" + displayPath(path) + "\" is not a video this program can read, or it is damaged (" + averror(r) + ").");
        m_format.reset(raw);
        r = avformat_find_stream_info(raw, nullptr);
        if (r < 0)
            throw Error("\"" + displayPath(path) + "\" is not a video this program can read, or it is damaged (" + averror(r) + ").");
        const AVCodec *decoder = nullptr;
        m_videoIndex = av_find_best_stream(raw, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
        if (m_videoIndex == AVERROR_STREAM_NOT_FOUND)
            throw Error("\"" + displayPath(path) + "\" has no pictures (no video track).");
        if (m_videoIndex < 0 || !decoder) {
            const int any = av_find_best_stream(raw, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
            const auto codec = any >= 0 ? codecName(raw->streams[any]->codecpar->codec_id) : std::string("unknown");
            throw Error("\"" + displayPath(path) + "\" is in the " + codec + " video format, which this build of CycleStudio cannot decode.");
        }
        for (unsigned i = 0; i < raw->nb_streams; ++i)
            if (raw->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO)
                m_audio.push_back(static_cast<int>(i));
        m_decoder = openDecoder(video(), decoder);
    }

    AVFormatContext *format() const { return m_format.get(); }
    AVStream *video() const { return m_format->streams[m_videoIndex]; }
    int videoIndex() const { return m_videoIndex; }
    const std::vector<int> &audioStreams() const { return m_audio; }
    const fs::path &path() const { return m_path; }

    static CodecContext openDecoder(const AVStream *stream, const AVCodec *decoder)
    {
        CodecContext ctx(avcodec_alloc_context3(decoder));
        if (!ctx)
            throw Error("Out of memory for a video decoder.");
        avcodec_parameters_to_context(ctx.get(), stream->codecpar);
        ctx->pkt_timebase = stream->time_base;
        ctx->thread_count = 0; // FFmpeg's choice
        const int r = avcodec_open2(ctx.get(), decoder, nullptr);
        if (r < 0)
            throw Error("The " + codecName(stream->codecpar->codec_id) + " decoder cannot start: " + averror(r) + ".");
        return ctx;
    }

    // The next decoded video frame (owned by this object until the next call), or nullptr at the end.
    // Packets of other streams go to `other` as they are read. A damaged packet is skipped.
    AVFrame *nextFrame(const std::function<void(AVPacket *)> &other = {})
    {
        for (;;) {
            int r = avcodec_receive_frame(m_decoder.get(), m_frame.get());
            if (r == 0)
                return m_frame.get();
            if (r == AVERROR_EOF)
                return nullptr;
            if (r != AVERROR(EAGAIN) && r != AVERROR_INVALIDDATA)
                throw Error("\"" + displayPath(m_path) + "\" cannot be decoded: " + averror(r) + ".");
            if (m_drained)
                return nullptr;
            r = av_read_frame(m_format.get(), m_packet.get());
            if (r < 0) { // the end, or a truncated file: what was read is all there is
                avcodec_send_packet(m_decoder.get(), nullptr);
                m_drained = true;
                continue;
            }
            if (m_packet->stream_index == m_videoIndex)
                avcodec_send_packet(m_decoder.get(), m_packet.get()); // a damaged packet is dropped
            else if (other)
                other(m_packet.get());
            av_packet_unref(m_packet.get());
        }
    }

    // Decoded frame → BGR at its own size (levels and matrix from the frame).
    cv::Mat toBgr(const AVFrame *frame)
    {
        const auto format = static_cast<AVPixelFormat>(frame->format);
        m_sws.reset(sws_getCachedContext(m_sws.release(), frame->width, frame->height, format, frame->width, frame->height,
                                         AV_PIX_FMT_BGR24, SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr, nullptr));
        if (!m_sws)
            throw Error("\"" + displayPath(m_path) + "\" uses a pixel format this build cannot convert.");
        const bool full = frame->color_range == AVCOL_RANGE_JPEG || isFullRangeFormat(format);
        const int *coefficients = yuvCoefficients(frame->colorspace, frame->height);
        sws_setColorspaceDetails(m_sws.get(), coefficients, full ? 1 : 0, coefficients, 1, 0, 1 << 16, 1 << 16);
        cv::Mat bgr(frame->height, frame->width, CV_8UC3);
        uint8_t *dst[4] = {bgr.data, nullptr, nullptr, nullptr};
        int dstStride[4] = {static_cast<int>(bgr.step[0]), 0, 0, 0};
        sws_scale(m_sws.get(), frame->data, frame->linesize, 0, frame->height, dst, dstStride);
        return bgr;
    }

    // Seeks to the key frame at or before `seconds` (from the stream's start) and resets the decoder.
    void seek(double seconds)
    {
        const auto *st = video();
        const int64_t start = st->start_time == AV_NOPTS_VALUE ? 0 : st->start_time;
        const int64_t target = start + av_rescale_q(static_cast<int64_t>(seconds * AV_TIME_BASE), AV_TIME_BASE_Q, st->time_base);
        av_seek_frame(m_format.get(), m_videoIndex, target, AVSEEK_FLAG_BACKWARD);
        avcodec_flush_buffers(m_decoder.get());
        m_drained = false;
    }

    double frameSeconds(const AVFrame *frame) const
    {
        const auto *st = video();
        const int64_t start = st->start_time == AV_NOPTS_VALUE ? 0 : st->start_time;
        const int64_t ts = frame->best_effort_timestamp == AV_NOPTS_VALUE ? frame->pts : frame->best_effort_timestamp;
        return ts == AV_NOPTS_VALUE ? 0.0 : double(ts - start) * av_q2d(st->time_base);
    }

private:
    fs::path m_path;
    std::unique_ptr<AVFormatContext, FormatInputDeleter> m_format;
    int m_videoIndex = -1;
    std::vector<int> m_audio;
    CodecContext m_decoder;
    Frame m_frame = newFrame();
    Packet m_packet = newPacket();
    std::unique_ptr<SwsContext, SwsDeleter> m_sws;
    bool m_drained = false;
};

double frameRate(const AVStream *st)
{
    AVRational r = st->avg_frame_rate;
    if (r.num <= 0 || r.den <= 0)
        r = st->r_frame_rate;
    const double fps = r.num > 0 && r.den > 0 ? av_q2d(r) : 0.0;
    return fps > 0 && fps < 1000 ? fps : 25.0; // some containers do not say; the usual default
}

// ---------------------------------------------------------------------------------------------------
// Writing

struct VideoEncoderChoice
{
    std::vector<const char *> names; // first available wins
    AVPixelFormat pixelFormat;
};

VideoEncoderChoice videoEncoderFor(const std::string &ext)
{
    if (ext == ".avi")
        return {{"mjpeg"}, AV_PIX_FMT_YUVJ420P};
    if (ext == ".webm")
        return {{"libvpx", "libvpx-vp9"}, AV_PIX_FMT_YUV420P};
    return {{"libx264", "mpeg4"}, AV_PIX_FMT_YUV420P};
}

const char *audioEncoderFor(const std::string &ext)
{
    return ext == ".webm" ? "libopus" : "aac";
}

// Audio encoder with its resampler and a FIFO that cuts the encoder's frame size.
class AudioEncoder
{
public:
    AudioEncoder(const AVCodec *codec, AVStream *stream, int sourceRate, const AVChannelLayout &sourceLayout, bool globalHeader)
        : m_stream(stream)
    {
        m_ctx.reset(avcodec_alloc_context3(codec));
        if (!m_ctx)
            throw Error("Out of memory for a sound encoder.");
        m_ctx->sample_fmt = codec->sample_fmts ? codec->sample_fmts[0] : AV_SAMPLE_FMT_FLTP;
        int rate = sourceRate;
        if (codec->supported_samplerates) {
            bool supported = false;
            for (const int *r = codec->supported_samplerates; *r; ++r)
                supported = supported || *r == sourceRate;
            if (!supported)
                rate = 48000;
        }
        m_ctx->sample_rate = rate;
        if (sourceLayout.nb_channels > 2 || sourceLayout.nb_channels < 1)
            av_channel_layout_default(&m_ctx->ch_layout, 2);
        else
            av_channel_layout_default(&m_ctx->ch_layout, sourceLayout.nb_channels);
        m_ctx->bit_rate = 64000 * m_ctx->ch_layout.nb_channels + 64000;
        m_ctx->time_base = AVRational{1, rate};
        if (globalHeader)
            m_ctx->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        int r = avcodec_open2(m_ctx.get(), codec, nullptr);
        if (r < 0)
            throw Error(std::string("The ") + codec->name + " sound encoder cannot start: " + averror(r) + ".");
        avcodec_parameters_from_context(stream->codecpar, m_ctx.get());
        stream->time_base = m_ctx->time_base;
        SwrContext *swr = nullptr;
        AVChannelLayout in{}; // FFmpeg 5 takes the layouts by non-const pointer
        av_channel_layout_copy(&in, &sourceLayout);
        r = swr_alloc_set_opts2(&swr, &m_ctx->ch_layout, m_ctx->sample_fmt, rate, &in, AV_SAMPLE_FMT_NONE, sourceRate, 0, nullptr);
        av_channel_layout_uninit(&in);
        m_swr.reset(swr);
        m_fifo.reset(av_audio_fifo_alloc(m_ctx->sample_fmt, m_ctx->ch_layout.nb_channels, 4096));
        if (r < 0 || !m_fifo)
            throw Error("The sound cannot be converted: " + averror(r) + ".");
    }

    // Decoded samples in; encoded packets out through `write`.
    void add(const AVFrame *frame, const std::function<void(AVPacket *)> &write)
    {
        if (!m_configured) {
            AVChannelLayout layout{};
            if (frame->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
                av_channel_layout_default(&layout, frame->ch_layout.nb_channels);
            else
                av_channel_layout_copy(&layout, &frame->ch_layout);
            av_opt_set_chlayout(m_swr.get(), "in_chlayout", &layout, 0);
            av_channel_layout_uninit(&layout);
            av_opt_set_sample_fmt(m_swr.get(), "in_sample_fmt", static_cast<AVSampleFormat>(frame->format), 0);
            av_opt_set_int(m_swr.get(), "in_sample_rate", frame->sample_rate, 0);
            const int r = swr_init(m_swr.get());
            if (r < 0)
                throw Error("The sound cannot be converted: " + averror(r) + ".");
            m_configured = true;
        }
        convert(const_cast<const uint8_t **>(frame->extended_data), frame->nb_samples);
        drain(write, false);
    }

    void finish(const std::function<void(AVPacket *)> &write)
    {
        if (m_configured)
            convert(nullptr, 0);
        drain(write, true);
        avcodec_send_frame(m_ctx.get(), nullptr);
        receive(write);
    }

private:
    void convert(const uint8_t **in, int count)
    {
        const int outCount = swr_get_out_samples(m_swr.get(), count);
        if (outCount <= 0)
            return;
        uint8_t **buffer = nullptr;
        av_samples_alloc_array_and_samples(&buffer, nullptr, m_ctx->ch_layout.nb_channels, outCount, m_ctx->sample_fmt, 0);
        const int converted = swr_convert(m_swr.get(), buffer, outCount, in, count);
        if (converted > 0)
            av_audio_fifo_write(m_fifo.get(), reinterpret_cast<void **>(buffer), converted);
        av_freep(&buffer[0]);
        av_freep(&buffer);
    }

    void drain(const std::function<void(AVPacket *)> &write, bool all)
    {
        const int frameSize = m_ctx->frame_size > 0 ? m_ctx->frame_size : 1024;
        while (av_audio_fifo_size(m_fifo.get()) >= frameSize || (all && av_audio_fifo_size(m_fifo.get()) > 0)) {
            const int n = std::min(frameSize, av_audio_fifo_size(m_fifo.get()));
            auto f = newFrame();
            f->nb_samples = n;
            f->format = m_ctx->sample_fmt;
            f->sample_rate = m_ctx->sample_rate;
            av_channel_layout_copy(&f->ch_layout, &m_ctx->ch_layout);
            if (av_frame_get_buffer(f.get(), 0) < 0)
                throw Error("Out of memory for sound.");
            av_audio_fifo_read(m_fifo.get(), reinterpret_cast<void **>(f->data), n);
            f->pts = m_nextPts;
            m_nextPts += n;
            const int r = avcodec_send_frame(m_ctx.get(), f.get());
            if (r < 0)
                throw Error("The sound cannot be encoded: " + averror(r) + ".");
            receive(write);
        }
    }

    void receive(const std::function<void(AVPacket *)> &write)
    {
        auto pkt = newPacket();
        while (avcodec_receive_packet(m_ctx.get(), pkt.get()) == 0) {
            av_packet_rescale_ts(pkt.get(), m_ctx->time_base, m_stream->time_base);
            pkt->stream_index = m_stream->index;
            write(pkt.get());
        }
    }

    AVStream *m_stream;
    CodecContext m_ctx;
    std::unique_ptr<SwrContext, SwrDeleter> m_swr;
    std::unique_ptr<AVAudioFifo, FifoDeleter> m_fifo;
    bool m_configured = false;
    int64_t m_nextPts = 0;
};

struct VideoFormat
{
    int width = 0, height = 0;
    AVRational frameRate{25, 1};
    AVRational timeBase{1, 25}; // of the timestamps passed to writeFrame
    int rotation = 0;                  // clockwise, for turning frames upright
    std::vector<int32_t> displayMatrix; // as stored with the input (9 values), or empty
    AVColorRange range = AVCOL_RANGE_MPEG;
    AVColorSpace space = AVCOL_SPC_UNSPECIFIED;
    AVColorPrimaries primaries = AVCOL_PRI_UNSPECIFIED;
    AVColorTransferCharacteristic transfer = AVCOL_TRC_UNSPECIFIED;
};

class Output
{
public:
    // `file` is written; `named` (the user's choice) picks the container and the codecs.
    Output(const fs::path &file, const fs::path &named) : m_file(file), m_named(named), m_ext(lowerExtension(named))
    {
        quietLog();
        const AVOutputFormat *format = av_guess_format(nullptr, ("x" + m_ext).c_str(), nullptr);
        if (!format)
            throw Error("This build of CycleStudio cannot write " + m_ext + " videos.");
        AVFormatContext *raw = nullptr;
        const int r = avformat_alloc_output_context2(&raw, format, nullptr, file.string().c_str());
        if (r < 0 || !raw)
            throw Error("Cannot write the video \"" + displayPath(named) + "\": " + averror(r) + ".");
        m_format.reset(raw);
        // AVI stores no timestamps, only a frame count: shifting for the sound's negative start (AAC's
        // priming) would open a gap of one empty frame at the start of the pictures.
        if (m_ext == ".avi")
            raw->avoid_negative_ts = AVFMT_AVOID_NEG_TS_DISABLED;
    }

    ~Output()
    {
        if (m_format && m_format->pb)
            avio_closep(&m_format->pb);
    }

    void addVideo(const VideoFormat &vf)
    {
        const auto choice = videoEncoderFor(m_ext);
        const AVCodec *codec = nullptr;
        for (const char *name : choice.names)
            if (!codec)
                codec = avcodec_find_encoder_by_name(name);
        if (!codec)
            throw Error("This build of CycleStudio has no " + std::string(choice.names.front()) + " encoder to write " + m_ext +
                        " videos; choose .mkv or .avi.");
        m_videoStream = avformat_new_stream(m_format.get(), nullptr);
        m_video.reset(avcodec_alloc_context3(codec));
        if (!m_videoStream || !m_video)
            throw Error("Out of memory for a video encoder.");
        auto *c = m_video.get();
        c->width = vf.width;
        c->height = vf.height;
        c->pix_fmt = choice.pixelFormat;
        const bool h264 = std::string(codec->name) == "libx264";
        if (h264 && (vf.width % 2 || vf.height % 2))
            c->pix_fmt = AV_PIX_FMT_YUV444P; // 4:2:0 needs even sizes
        else if (std::string(codec->name) == "mpeg4" && (vf.width % 2 || vf.height % 2))
            throw Error("This build of CycleStudio cannot write a " + m_ext + " video of odd size (" + std::to_string(vf.width) + "×" +
                        std::to_string(vf.height) + "); choose .mkv or .avi.");
        c->framerate = vf.frameRate;
        // The timestamps' own unit where the encoder takes it; MPEG-4 Part 2 and AVI count frames.
        m_countFrames = m_ext == ".avi" || (std::string(codec->name) == "mpeg4" && vf.timeBase.den > 65535);
        c->time_base = m_countFrames ? av_inv_q(vf.frameRate) : vf.timeBase;
        c->color_range = c->pix_fmt == AV_PIX_FMT_YUVJ420P ? AVCOL_RANGE_JPEG : vf.range;
        c->colorspace = vf.space;
        c->color_primaries = vf.primaries;
        c->color_trc = vf.transfer;
        c->gop_size = 12;
        c->thread_count = 0;
        if (m_format->oformat->flags & AVFMT_GLOBALHEADER)
            c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        AVDictionary *opts = nullptr;
        if (h264) {
            av_dict_set(&opts, "crf", "18", 0);
            av_dict_set(&opts, "preset", "fast", 0);
        } else if (std::string(codec->name).rfind("libvpx", 0) == 0) {
            c->bit_rate = 8000000;
            av_dict_set(&opts, "crf", "10", 0);
            av_dict_set(&opts, "deadline", "good", 0);
            av_dict_set(&opts, "cpu-used", "4", 0);
        } else {
            c->flags |= AV_CODEC_FLAG_QSCALE;
            c->global_quality = FF_QP2LAMBDA * 3;
        }
        const int r = avcodec_open2(c, codec, &opts);
        av_dict_free(&opts);
        if (r < 0)
            throw Error("The " + std::string(codec->name) + " encoder cannot write this video (" + std::to_string(vf.width) + "×" +
                        std::to_string(vf.height) + "): " + averror(r) + ".");
        avcodec_parameters_from_context(m_videoStream->codecpar, c);
        m_videoStream->time_base = c->time_base;
        m_videoStream->avg_frame_rate = vf.frameRate;
        if (vf.displayMatrix.size() == 9 || vf.rotation != 0) {
            auto *matrix = reinterpret_cast<int32_t *>(av_stream_new_side_data(m_videoStream, AV_PKT_DATA_DISPLAYMATRIX, 9 * sizeof(int32_t)));
            if (matrix && vf.displayMatrix.size() == 9)
                std::copy(vf.displayMatrix.begin(), vf.displayMatrix.end(), matrix);
            else if (matrix)
                av_display_rotation_set(matrix, double(vf.rotation)); // "set" takes clockwise degrees, "get" gives counter-clockwise
        }
        m_rgbToYuv.reset(sws_getContext(vf.width, vf.height, AV_PIX_FMT_BGR24, vf.width, vf.height, c->pix_fmt,
                                        SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr, nullptr));
        if (!m_rgbToYuv)
            throw Error("Cannot convert the pictures for the " + std::string(codec->name) + " encoder.");
        const int *coefficients = yuvCoefficients(vf.space, vf.height);
        const bool full = c->color_range == AVCOL_RANGE_JPEG;
        sws_setColorspaceDetails(m_rgbToYuv.get(), coefficients, 1, coefficients, full ? 1 : 0, 0, 1 << 16, 1 << 16);
        m_yuv = newFrame();
        m_yuv->format = c->pix_fmt;
        m_yuv->width = vf.width;
        m_yuv->height = vf.height;
        if (av_frame_get_buffer(m_yuv.get(), 0) < 0)
            throw Error("Out of memory for a video frame.");
    }

    // A sound track copied packet for packet when the container can hold its codec; else re-encoded.
    // Refuses (with a sentence) a track that can be neither.
    void addAudio(const AVStream *in, const fs::path &inputPath)
    {
        const auto id = in->codecpar->codec_id;
        Track track;
        track.out = avformat_new_stream(m_format.get(), nullptr);
        if (!track.out)
            throw Error("Out of memory for a sound track.");
        track.inTimeBase = in->time_base;
        if (avformat_query_codec(m_format->oformat, id, FF_COMPLIANCE_NORMAL) == 1) {
            avcodec_parameters_copy(track.out->codecpar, in->codecpar);
            track.out->codecpar->codec_tag = 0;
            track.out->time_base = in->time_base;
            av_dict_copy(&track.out->metadata, in->metadata, 0);
            ++m_copied;
        } else {
            const AVCodec *decoder = avcodec_find_decoder(id);
            const char *encoderName = audioEncoderFor(m_ext);
            const AVCodec *encoder = avcodec_find_encoder_by_name(encoderName);
            if (!decoder)
                throw Error("The sound of \"" + displayPath(inputPath) + "\" is in the " + codecName(id) + " format, which a " + m_ext +
                            " file cannot hold and this build cannot convert; choose .mkv to keep it.");
            if (!encoder)
                throw Error("This build of CycleStudio has no " + std::string(encoderName) + " encoder for the sound of a " + m_ext +
                            " video; choose .mkv.");
            track.decoder = Input::openDecoder(in, decoder);
            track.encoder = std::make_unique<AudioEncoder>(encoder, track.out, track.decoder->sample_rate, track.decoder->ch_layout,
                                                           (m_format->oformat->flags & AVFMT_GLOBALHEADER) != 0);
            av_dict_copy(&track.out->metadata, in->metadata, 0);
            ++m_reencoded;
        }
        m_tracks[in->index] = std::move(track);
    }

    // A generated sound track (tests and the benchmark): samples are given later through addSamples.
    void addGeneratedAudio(int sampleRate)
    {
        const AVCodec *encoder = avcodec_find_encoder_by_name(audioEncoderFor(m_ext));
        if (!encoder)
            throw Error("This build of CycleStudio has no sound encoder for " + m_ext + " videos.");
        Track track;
        track.out = avformat_new_stream(m_format.get(), nullptr);
        AVChannelLayout mono;
        av_channel_layout_default(&mono, 1);
        track.encoder = std::make_unique<AudioEncoder>(encoder, track.out, sampleRate, mono, (m_format->oformat->flags & AVFMT_GLOBALHEADER) != 0);
        m_tracks[-1] = std::move(track);
    }

    void begin()
    {
        if (!(m_format->oformat->flags & AVFMT_NOFILE)) {
            const int r = avio_open(&m_format->pb, m_file.string().c_str(), AVIO_FLAG_WRITE);
            if (r < 0)
                throw Error("Cannot write the video \"" + displayPath(m_named) + "\": " + averror(r) + ".");
        }
        const int r = avformat_write_header(m_format.get(), nullptr);
        if (r < 0)
            throw Error("Cannot write the video \"" + displayPath(m_named) + "\": " + averror(r) + ".");
    }

    // A frame as stored (not upright); `timestamp` in VideoFormat::timeBase units.
    void writeFrame(const cv::Mat &bgr, int64_t timestamp)
    {
        if (av_frame_make_writable(m_yuv.get()) < 0)
            throw Error("Out of memory for a video frame.");
        const uint8_t *src[4] = {bgr.data, nullptr, nullptr, nullptr};
        const int srcStride[4] = {static_cast<int>(bgr.step[0]), 0, 0, 0};
        sws_scale(m_rgbToYuv.get(), src, srcStride, 0, bgr.rows, m_yuv->data, m_yuv->linesize);
        int64_t pts = m_countFrames ? m_frameCount : timestamp;
        if (!m_countFrames && pts <= m_lastPts)
            pts = m_lastPts + 1; // a repeated or missing timestamp must still rise
        m_lastPts = pts;
        ++m_frameCount;
        m_yuv->pts = pts;
        m_yuv->quality = m_video->global_quality;
        sendVideo(m_yuv.get());
    }

    // A packet of the input stream `inputIndex` (ignored unless it is a track added with addAudio).
    void audioPacket(AVPacket *pkt)
    {
        auto it = m_tracks.find(pkt->stream_index);
        if (it == m_tracks.end())
            return;
        auto &track = it->second;
        if (!track.encoder) {
            av_packet_rescale_ts(pkt, track.inTimeBase, track.out->time_base);
            pkt->stream_index = track.out->index;
            pkt->pos = -1;
            write(pkt);
            return;
        }
        if (avcodec_send_packet(track.decoder.get(), pkt) < 0)
            return; // a damaged sound packet is dropped
        receiveDecoded(track);
    }

    void addSamples(const AVFrame *frame)
    {
        m_tracks[-1].encoder->add(frame, [this](AVPacket *p) { write(p); });
    }

    void finish()
    {
        sendVideo(nullptr);
        for (auto &[index, track] : m_tracks) {
            if (track.decoder) {
                avcodec_send_packet(track.decoder.get(), nullptr);
                receiveDecoded(track);
            }
            if (track.encoder)
                track.encoder->finish([this](AVPacket *p) { write(p); });
        }
        const int r = av_write_trailer(m_format.get());
        if (r < 0)
            throw Error("Cannot finish the video \"" + displayPath(m_named) + "\": " + averror(r) + ".");
        if (m_format->pb && avio_closep(&m_format->pb) < 0)
            throw Error("Cannot finish the video \"" + displayPath(m_named) + "\": the disk may be full.");
    }

    int copiedTracks() const { return m_copied; }
    int reencodedTracks() const { return m_reencoded; }

private:
    struct Track
    {
        AVStream *out = nullptr;
        AVRational inTimeBase{1, 1};
        CodecContext decoder;
        std::unique_ptr<AudioEncoder> encoder;
    };

    void receiveDecoded(Track &track)
    {
        auto frame = newFrame();
        while (avcodec_receive_frame(track.decoder.get(), frame.get()) == 0)
            track.encoder->add(frame.get(), [this](AVPacket *p) { write(p); });
    }

    void sendVideo(const AVFrame *frame)
    {
        int r = avcodec_send_frame(m_video.get(), frame);
        if (r < 0 && r != AVERROR_EOF)
            throw Error("The video cannot be encoded: " + averror(r) + ".");
        auto pkt = newPacket();
        while ((r = avcodec_receive_packet(m_video.get(), pkt.get())) == 0) {
            av_packet_rescale_ts(pkt.get(), m_video->time_base, m_videoStream->time_base);
            pkt->stream_index = m_videoStream->index;
            write(pkt.get());
        }
    }

    void write(AVPacket *pkt)
    {
        const int r = av_interleaved_write_frame(m_format.get(), pkt);
        if (r < 0)
            throw Error("Cannot write the video \"" + displayPath(m_named) + "\": " + averror(r) + " (is the disk full?).");
    }

    struct FormatOutputDeleter
    {
        void operator()(AVFormatContext *c) const { avformat_free_context(c); }
    };
    fs::path m_file, m_named;
    std::string m_ext;
    std::unique_ptr<AVFormatContext, FormatOutputDeleter> m_format;
    AVStream *m_videoStream = nullptr;
    CodecContext m_video;
    std::unique_ptr<SwsContext, SwsDeleter> m_rgbToYuv;
    Frame m_yuv;
    bool m_countFrames = false;
    int64_t m_frameCount = 0, m_lastPts = AV_NOPTS_VALUE;
    std::map<int, Track> m_tracks; // by input stream index (-1: generated)
    int m_copied = 0, m_reencoded = 0;
};

VideoFormat formatOf(Input &in)
{
    const auto *st = in.video();
    const auto *par = st->codecpar;
    VideoFormat vf;
    vf.width = par->width;
    vf.height = par->height;
    AVRational rate = st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0 ? st->avg_frame_rate : st->r_frame_rate;
    if (rate.num <= 0 || rate.den <= 0)
        rate = AVRational{25, 1};
    vf.frameRate = rate;
    vf.timeBase = st->time_base;
    vf.rotation = streamRotation(st);
    size_t size = 0;
    if (const auto *matrix = reinterpret_cast<const int32_t *>(av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, &size));
        matrix && size >= 9 * sizeof(int32_t))
        vf.displayMatrix.assign(matrix, matrix + 9);
    vf.range = par->color_range == AVCOL_RANGE_JPEG || isFullRangeFormat(par->format) ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG;
    vf.space = par->color_space;
    vf.primaries = par->color_primaries;
    vf.transfer = par->color_trc;
    return vf;
}

class FfmpegTranscoder : public Transcoder
{
public:
    FfmpegTranscoder(const fs::path &input, const VideoInfo &info, const fs::path &file, const fs::path &output)
        : m_in(input), m_out(file, output)
    {
        (void)info; // the input is read again here; its probe is the caller's
        m_format = formatOf(m_in);
        m_out.addVideo(m_format);
        for (int index : m_in.audioStreams())
            m_out.addAudio(m_in.format()->streams[index], input);
        audioTracksCopied = m_out.copiedTracks();
        audioTracksReencoded = m_out.reencodedTracks();
        m_out.begin();
    }

    bool read(cv::Mat &bgr) override
    {
        const AVFrame *frame = m_in.nextFrame([this](AVPacket *p) { m_out.audioPacket(p); });
        if (!frame)
            return false;
        m_timestamp = frame->best_effort_timestamp != AV_NOPTS_VALUE ? frame->best_effort_timestamp : frame->pts;
        if (m_timestamp == AV_NOPTS_VALUE)
            m_timestamp = m_lastTimestamp == AV_NOPTS_VALUE ? 0 : m_lastTimestamp + 1;
        m_lastTimestamp = m_timestamp;
        bgr = m_in.toBgr(frame);
        if (bgr.cols != m_format.width || bgr.rows != m_format.height)
            cv::resize(bgr, bgr, cv::Size(m_format.width, m_format.height), 0, 0, cv::INTER_AREA);
        turnUpright(bgr, m_format.rotation);
        return true;
    }

    void write(const cv::Mat &bgr) override
    {
        cv::Mat stored = bgr;
        if (m_format.rotation != 0) {
            stored = bgr.clone();
            turnBack(stored, m_format.rotation);
        }
        m_out.writeFrame(stored, m_timestamp);
    }

    void finish() override
    {
        // Sound after the last picture (a trailing audio packet) is still carried over.
        while (m_in.nextFrame([this](AVPacket *p) { m_out.audioPacket(p); })) {
        }
        m_out.finish();
    }

private:
    Input m_in;
    Output m_out;
    VideoFormat m_format;
    int64_t m_timestamp = 0, m_lastTimestamp = AV_NOPTS_VALUE;
};

} // namespace

bool keepsSound()
{
    return true;
}

VideoInfo probe(const fs::path &path)
{
    Input in(path);
    const auto *st = in.video();
    VideoInfo info;
    info.width = st->codecpar->width;
    info.height = st->codecpar->height;
    info.fps = frameRate(st);
    info.codec = codecName(st->codecpar->codec_id);
    info.rotation = streamRotation(st);
    info.fullRange = st->codecpar->color_range == AVCOL_RANGE_JPEG || isFullRangeFormat(st->codecpar->format);
    if (st->duration != AV_NOPTS_VALUE)
        info.seconds = double(st->duration) * av_q2d(st->time_base);
    else if (in.format()->duration != AV_NOPTS_VALUE)
        info.seconds = double(in.format()->duration) / AV_TIME_BASE;
    info.frames = st->nb_frames > 0 ? st->nb_frames : static_cast<std::int64_t>(std::llround(info.seconds * info.fps));
    for (int index : in.audioStreams()) {
        const auto *a = in.format()->streams[index];
        AudioTrackInfo track;
        track.codec = codecName(a->codecpar->codec_id);
        track.sampleRate = a->codecpar->sample_rate;
        track.channels = a->codecpar->ch_layout.nb_channels;
        if (a->duration != AV_NOPTS_VALUE)
            track.seconds = double(a->duration) * av_q2d(a->time_base);
        else if (in.format()->duration != AV_NOPTS_VALUE)
            track.seconds = double(in.format()->duration) / AV_TIME_BASE;
        info.audio.push_back(track);
    }
    if (info.width <= 0 || info.height <= 0 || !in.nextFrame())
        throw Error("\"" + displayPath(path) + "\" has no readable frames; it may be damaged or use a codec this build cannot decode.");
    return info;
}

Image readFrame(const fs::path &path, std::int64_t index)
{
    Input in(path);
    const double fps = frameRate(in.video());
    const double target = double(index) / fps;
    if (index > 0)
        in.seek(target);
    const double halfFrame = 0.5 / fps;
    AVFrame *frame = nullptr;
    cv::Mat bgr;
    while ((frame = in.nextFrame())) {
        if (in.frameSeconds(frame) + halfFrame >= target) {
            bgr = in.toBgr(frame);
            break;
        }
    }
    if (bgr.empty())
        throw Error("Frame " + std::to_string(index + 1) + " of \"" + displayPath(path) + "\" cannot be read.");
    turnUpright(bgr, streamRotation(in.video()));
    return bgrToImage(bgr);
}

void write(const fs::path &path, const std::vector<Image> &frames, double fps, const VideoWriteOptions &options)
{
    Output out(path, path);
    VideoFormat vf;
    vf.width = frames.front().width;
    vf.height = frames.front().height;
    vf.frameRate = av_d2q(fps, 100000);
    vf.timeBase = av_inv_q(vf.frameRate);
    vf.rotation = options.rotation;
    vf.range = options.fullRange ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG;
    if (options.rotation == 90 || options.rotation == 270)
        std::swap(vf.width, vf.height); // the frames are given upright
    out.addVideo(vf);
    constexpr int sampleRate = 44100;
    if (options.toneHz > 0)
        out.addGeneratedAudio(sampleRate);
    out.begin();
    int64_t samplesWritten = 0;
    for (size_t i = 0; i < frames.size(); ++i) {
        cv::Mat bgr = imageToBgr(frames[i]);
        turnBack(bgr, options.rotation);
        out.writeFrame(bgr, static_cast<int64_t>(i));
        if (options.toneHz > 0) { // the tone up to the end of this frame
            const auto until = static_cast<int64_t>(std::llround(double(i + 1) / fps * sampleRate));
            auto f = newFrame();
            f->nb_samples = static_cast<int>(until - samplesWritten);
            f->format = AV_SAMPLE_FMT_FLTP;
            f->sample_rate = sampleRate;
            av_channel_layout_default(&f->ch_layout, 1);
            if (f->nb_samples <= 0 || av_frame_get_buffer(f.get(), 0) < 0)
                continue;
            auto *s = reinterpret_cast<float *>(f->data[0]);
            for (int k = 0; k < f->nb_samples; ++k)
                s[k] = 0.5f * static_cast<float>(std::sin(2 * 3.14159265358979323846 * options.toneHz * double(samplesWritten + k) / sampleRate));
            samplesWritten = until;
            out.addSamples(f.get());
        }
    }
    out.finish();
}

std::vector<float> readAudio(const fs::path &path, int track, int &sampleRate)
{
    Input in(path);
    if (track < 0 || track >= static_cast<int>(in.audioStreams().size()))
        throw Error("\"" + displayPath(path) + "\" has no sound track " + std::to_string(track + 1) + ".");
    const int index = in.audioStreams()[static_cast<size_t>(track)];
    const auto *st = in.format()->streams[index];
    const AVCodec *codec = avcodec_find_decoder(st->codecpar->codec_id);
    if (!codec)
        throw Error("The sound of \"" + displayPath(path) + "\" is in the " + codecName(st->codecpar->codec_id) + " format, which this build cannot decode.");
    auto decoder = Input::openDecoder(st, codec);
    std::vector<float> mono;
    auto frame = newFrame();
    const auto take = [&] {
        while (avcodec_receive_frame(decoder.get(), frame.get()) == 0) {
            SwrContext *swr = nullptr;
            AVChannelLayout one;
            av_channel_layout_default(&one, 1);
            swr_alloc_set_opts2(&swr, &one, AV_SAMPLE_FMT_FLT, frame->sample_rate, &frame->ch_layout,
                                static_cast<AVSampleFormat>(frame->format), frame->sample_rate, 0, nullptr);
            std::unique_ptr<SwrContext, SwrDeleter> owner(swr);
            if (!swr || swr_init(swr) < 0)
                throw Error("The sound of \"" + displayPath(path) + "\" cannot be converted.");
            const size_t at = mono.size();
            mono.resize(at + static_cast<size_t>(frame->nb_samples) + 64);
            uint8_t *out[1] = {reinterpret_cast<uint8_t *>(mono.data() + at)};
            const int n = swr_convert(swr, out, frame->nb_samples + 64, const_cast<const uint8_t **>(frame->extended_data), frame->nb_samples);
            mono.resize(at + static_cast<size_t>(std::max(n, 0)));
            sampleRate = frame->sample_rate;
        }
    };
    const auto feed = [&](AVPacket *p) {
        if (p->stream_index == index && avcodec_send_packet(decoder.get(), p) == 0)
            take();
    };
    while (in.nextFrame(feed)) {
    }
    avcodec_send_packet(decoder.get(), nullptr);
    take();
    return mono;
}

std::unique_ptr<Transcoder> openTranscoder(const fs::path &input, const VideoInfo &info, const fs::path &file, const fs::path &output)
{
    return std::make_unique<FfmpegTranscoder>(input, info, file, output);
}

} // namespace engine::videoio
