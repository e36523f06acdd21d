#include "video_synth.h"

#include <cmath>
#include <functional>
#include <memory>

#include "absl/strings/str_cat.h"
#include "picture_synth.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/log.h>
#include <libswscale/swscale.h>
}

namespace clearhost::synth {
namespace {

struct OutputCloser {
  void operator()(AVFormatContext* context) const {
    if (context->pb != nullptr) avio_closep(&context->pb);
    avformat_free_context(context);
  }
};
struct CodecFreer {
  void operator()(AVCodecContext* context) const { avcodec_free_context(&context); }
};
struct FrameFreer {
  void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
struct PacketFreer {
  void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
struct ScalerFreer {
  void operator()(SwsContext* context) const { sws_freeContext(context); }
};

Status Failed(absl::string_view what, int error) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(error, text, sizeof(text));
  return absl::InternalError(absl::StrCat("video synth: ", what, ": ", text));
}

// Sends `frame` (nullptr: flush) and writes every packet the encoder returns.
Status Encode(AVCodecContext* codec, AVFormatContext* format, AVStream* stream, AVFrame* frame,
              AVPacket* packet) {
  int error = avcodec_send_frame(codec, frame);
  if (error < 0) return Failed("send frame", error);
  while ((error = avcodec_receive_packet(codec, packet)) >= 0) {
    if (codec->codec_type == AVMEDIA_TYPE_VIDEO) packet->duration = 1;  // one frame
    av_packet_rescale_ts(packet, codec->time_base, stream->time_base);
    packet->stream_index = stream->index;
    error = av_interleaved_write_frame(format, packet);
    if (error < 0) return Failed("write packet", error);
  }
  return error == AVERROR(EAGAIN) || error == AVERROR_EOF ? absl::OkStatus()
                                                          : Failed("receive packet", error);
}

// An output file with one stream for `encoder`, opened once `configure` has set the codec up.
class Output {
 public:
  Status Open(const std::filesystem::path& path, const std::string& container,
              const AVCodec* encoder, const std::function<void(AVCodecContext&)>& configure) {
    AVFormatContext* raw = nullptr;
    int error = avformat_alloc_output_context2(&raw, nullptr, container.c_str(), nullptr);
    if (error < 0) return Failed(absl::StrCat("muxer ", container), error);
    format_.reset(raw);
    stream_ = avformat_new_stream(format_.get(), nullptr);
    codec_.reset(avcodec_alloc_context3(encoder));
    if (stream_ == nullptr || codec_ == nullptr) return absl::InternalError("video synth: alloc");
    configure(*codec_);
    if (format_->oformat->flags & AVFMT_GLOBALHEADER) codec_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    error = avcodec_open2(codec_.get(), encoder, nullptr);
    if (error < 0) return Failed(absl::StrCat("encoder ", encoder->name), error);
    error = avcodec_parameters_from_context(stream_->codecpar, codec_.get());
    if (error < 0) return Failed("parameters", error);
    stream_->time_base = codec_->time_base;
    error = avio_open(&format_->pb, path.c_str(), AVIO_FLAG_WRITE);
    if (error < 0) return Failed(path.string(), error);
    error = avformat_write_header(format_.get(), nullptr);
    if (error < 0) return Failed("header", error);
    packet_.reset(av_packet_alloc());
    return absl::OkStatus();
  }
  Status Write(AVFrame* frame) {
    return Encode(codec_.get(), format_.get(), stream_, frame, packet_.get());
  }
  Status Finish() {
    if (Status flushed = Write(nullptr); !flushed.ok()) return flushed;
    const int error = av_write_trailer(format_.get());
    return error < 0 ? Failed("trailer", error) : absl::OkStatus();
  }
  AVCodecContext& codec() { return *codec_; }

 private:
  std::unique_ptr<AVFormatContext, OutputCloser> format_;
  std::unique_ptr<AVCodecContext, CodecFreer> codec_;
  std::unique_ptr<AVPacket, PacketFreer> packet_;
  AVStream* stream_ = nullptr;
};

}  // namespace

Status WriteVideo(const std::filesystem::path& path, const VideoSpec& spec) {
  av_log_set_level(AV_LOG_QUIET);  // failures come back as a Status
  const AVCodec* encoder = avcodec_find_encoder_by_name(spec.codec.c_str());
  if (encoder == nullptr) return absl::NotFoundError("video synth: no encoder " + spec.codec);
  AVPixelFormat pixel_format = AV_PIX_FMT_YUV420P;  // rawvideo too
  if (spec.codec == "mjpeg") pixel_format = AV_PIX_FMT_YUVJ420P;
  if (spec.codec == "gif") pixel_format = AV_PIX_FMT_RGB8;
  Output output;
  Status opened = output.Open(path, spec.container, encoder, [&](AVCodecContext& codec) {
    codec.width = spec.width;
    codec.height = spec.height;
    codec.pix_fmt = pixel_format;
    codec.time_base = AVRational{1, spec.fps};
    codec.framerate = AVRational{spec.fps, 1};
    codec.gop_size = spec.fps;
    codec.bit_rate = int64_t(spec.width) * spec.height * spec.fps;
  });
  if (!opened.ok()) return opened;

  std::unique_ptr<AVFrame, FrameFreer> frame(av_frame_alloc());
  frame->format = pixel_format;
  frame->width = spec.width;
  frame->height = spec.height;
  if (int error = av_frame_get_buffer(frame.get(), 0); error < 0) return Failed("frame", error);
  std::unique_ptr<SwsContext, ScalerFreer> scaler(
      sws_getContext(spec.width, spec.height, AV_PIX_FMT_RGB24, spec.width, spec.height,
                     pixel_format, SWS_BILINEAR, nullptr, nullptr, nullptr));
  image::RgbImage picture;
  for (int i = 0; i < spec.frames; ++i) {
    if (i % spec.frames_per_scene == 0) {
      picture = MakePicture(spec.width, spec.height, spec.seed * 1000 + i / spec.frames_per_scene);
    }
    if (int error = av_frame_make_writable(frame.get()); error < 0) return Failed("frame", error);
    const uint8_t* source[1] = {picture.rgb.data()};
    const int source_stride[1] = {3 * spec.width};
    sws_scale(scaler.get(), source, source_stride, 0, spec.height, frame->data, frame->linesize);
    frame->pts = i;
    if (Status written = output.Write(frame.get()); !written.ok()) return written;
  }
  return output.Finish();
}

Status WriteAudioOnly(const std::filesystem::path& path, const std::string& container) {
  av_log_set_level(AV_LOG_QUIET);
  const AVCodec* encoder = avcodec_find_encoder(AV_CODEC_ID_PCM_S16LE);
  if (encoder == nullptr) return absl::NotFoundError("video synth: no PCM encoder");
  constexpr int kRate = 8000;
  Output output;
  Status opened = output.Open(path, container, encoder, [](AVCodecContext& codec) {
    codec.sample_fmt = AV_SAMPLE_FMT_S16;
    codec.sample_rate = kRate;
    av_channel_layout_default(&codec.ch_layout, 1);
    codec.time_base = AVRational{1, kRate};
  });
  if (!opened.ok()) return opened;
  std::unique_ptr<AVFrame, FrameFreer> frame(av_frame_alloc());
  frame->format = AV_SAMPLE_FMT_S16;
  frame->sample_rate = kRate;
  frame->nb_samples = kRate / 10;
  av_channel_layout_default(&frame->ch_layout, 1);
  if (int error = av_frame_get_buffer(frame.get(), 0); error < 0) return Failed("frame", error);
  for (int block = 0; block < 10; ++block) {
    if (int error = av_frame_make_writable(frame.get()); error < 0) return Failed("frame", error);
    auto* samples = reinterpret_cast<int16_t*>(frame->data[0]);
    for (int i = 0; i < frame->nb_samples; ++i) {
      const double t = double(block * frame->nb_samples + i) / kRate;
      samples[i] = int16_t(8000 * std::sin(2 * M_PI * 440 * t));
    }
    frame->pts = int64_t(block) * frame->nb_samples;
    if (Status written = output.Write(frame.get()); !written.ok()) return written;
  }
  return output.Finish();
}

}  // namespace clearhost::synth
