// RAII owners for FFmpeg objects (one unique_ptr with a custom deleter per type) and FFmpeg
// error codes as text. Internal to src/video: nothing outside it includes FFmpeg's headers.
// Thread-safety: the handles are plain owners; each object is used by one thread at a time.
#pragma once

#include <memory>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

namespace clearhost::video {

struct AvFormatInputCloser {
  void operator()(AVFormatContext* context) const { avformat_close_input(&context); }
};
struct AvCodecContextFreer {
  void operator()(AVCodecContext* context) const { avcodec_free_context(&context); }
};
struct AvFrameFreer {
  void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
struct AvPacketFreer {
  void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
struct SwsContextFreer {
  void operator()(SwsContext* context) const { sws_freeContext(context); }
};
// An AVIOContext we allocated: its buffer (av_malloc'd, possibly replaced by FFmpeg) goes too.
struct AvioContextFreer {
  void operator()(AVIOContext* context) const {
    if (context != nullptr) av_freep(&context->buffer);
    avio_context_free(&context);
  }
};

using AvFormatInputPtr = std::unique_ptr<AVFormatContext, AvFormatInputCloser>;
using AvCodecContextPtr = std::unique_ptr<AVCodecContext, AvCodecContextFreer>;
using AvFramePtr = std::unique_ptr<AVFrame, AvFrameFreer>;
using AvPacketPtr = std::unique_ptr<AVPacket, AvPacketFreer>;
using SwsContextPtr = std::unique_ptr<SwsContext, SwsContextFreer>;
using AvioContextPtr = std::unique_ptr<AVIOContext, AvioContextFreer>;

// "Invalid data found when processing input" for AVERROR_INVALIDDATA, etc.
std::string AvErrorText(int error);

// Silences FFmpeg's own logging (once per process): problems come back as Status values.
void QuietFfmpegLogging();

}  // namespace clearhost::video
