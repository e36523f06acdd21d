#include "video/video_decoder.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "video/ffmpeg_handles.h"
#include "video/memory_input.h"

extern "C" {
#include <libavutil/imgutils.h>
}

namespace clearhost::video {
namespace {

using Clock = std::chrono::steady_clock;

// Demuxers that would open a second file or URL (HLS, DASH, concat, image sequences...) are
// refused it: a video is decoded from its own bytes only.
int RefuseNestedOpen(AVFormatContext*, AVIOContext**, const char*, int, AVDictionary**) {
  return AVERROR(EPERM);
}

}  // namespace

// Member order is destruction order reversed: the demuxer closes before its input goes away.
struct VideoDecoder::State {
  std::string name;
  VideoDecodeSettings settings;
  Clock::time_point deadline;
  bool interrupted = false;
  std::unique_ptr<MemoryInput> input;
  AvioContextPtr io;
  AvFormatInputPtr format;
  int stream_index = -1;
  AvCodecContextPtr codec;
  AvPacketPtr packet;
  AvFramePtr frame;
  AvFramePtr rgb;
  SwsContextPtr scaler;
  VideoInfo info;
  uint64_t frames_decoded = 0;

  // Registered as FFmpeg's interrupt callback: nonzero stops whatever FFmpeg is doing.
  static int Interrupt(void* opaque) {
    auto& state = *static_cast<State*>(opaque);
    if (Clock::now() < state.deadline) return 0;
    state.interrupted = true;
    return 1;
  }

  Status TimeBudgetError() const {
    return absl::DeadlineExceededError(
        absl::StrFormat("%s: decoding took longer than the budget of %g s", name,
                        settings.limits.max_decode_seconds));
  }
  // The error for a failed FFmpeg call: the time budget when it was interrupted.
  Status FfmpegError(absl::StatusCode code, absl::string_view what, int error) const {
    if (interrupted) return TimeBudgetError();
    return Status(code, absl::StrCat(name, ": ", what, ": ", AvErrorText(error)));
  }

  Status OpenInput(std::span<const uint8_t> bytes);
  Status OpenCodec();
  Status CheckDeclaredLimits() const;
  Status ConvertFrame();
  Status Receive(const std::function<bool(uint64_t)>& wanted,
                 const std::function<Status(uint64_t, const hash::RgbView&)>& on_frame);
};

Status VideoDecoder::State::OpenInput(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return absl::InvalidArgumentError(absl::StrCat(name, ": empty file"));
  input = std::make_unique<MemoryInput>(bytes);
  CLEARHOST_ASSIGN_OR_RETURN(io, input->MakeContext());
  AVFormatContext* raw = avformat_alloc_context();
  if (raw == nullptr) return absl::ResourceExhaustedError("out of memory for a video demuxer");
  raw->pb = io.get();
  raw->flags |= AVFMT_FLAG_CUSTOM_IO;
  raw->io_open = &RefuseNestedOpen;
  raw->interrupt_callback = {&State::Interrupt, this};
  // On failure avformat_open_input frees the context itself.
  const int opened = avformat_open_input(&raw, nullptr, nullptr, nullptr);
  if (opened < 0) {
    return FfmpegError(absl::StatusCode::kInvalidArgument, "not a video FFmpeg can read", opened);
  }
  format.reset(raw);
  const int found = avformat_find_stream_info(format.get(), nullptr);
  if (found < 0) {
    return FfmpegError(absl::StatusCode::kInvalidArgument, "cannot read the stream information",
                       found);
  }
  for (unsigned i = 0; i < format->nb_streams; ++i) {
    if (format->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO) {
      stream_index = int(i);
      break;
    }
  }
  if (stream_index < 0) return absl::InvalidArgumentError(absl::StrCat(name, ": no video stream"));
  return absl::OkStatus();
}

Status VideoDecoder::State::OpenCodec() {
  const AVStream& stream = *format->streams[stream_index];
  const AVCodecParameters& parameters = *stream.codecpar;
  info.container = format->iformat->name;
  info.codec = avcodec_get_name(parameters.codec_id);
  info.width = parameters.width;
  info.height = parameters.height;
  // The average frame rate, else the lowest rate that represents every timestamp (as vpdq).
  AVRational rate = stream.avg_frame_rate;
  if (rate.num == 0 || rate.den == 0) rate = stream.r_frame_rate;
  info.fps = rate.den == 0 ? 0 : av_q2d(rate);
  if (format->duration != AV_NOPTS_VALUE && format->duration > 0) {
    info.duration_seconds = double(format->duration) / AV_TIME_BASE;
  } else if (stream.duration != AV_NOPTS_VALUE && stream.duration > 0) {
    info.duration_seconds = double(stream.duration) * av_q2d(stream.time_base);
  }
  CLEARHOST_RETURN_IF_ERROR(CheckDeclaredLimits());

  const AVCodec* decoder = avcodec_find_decoder(parameters.codec_id);
  if (decoder == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": no decoder for the video codec ", info.codec));
  }
  codec.reset(avcodec_alloc_context3(decoder));
  if (codec == nullptr) return absl::ResourceExhaustedError("out of memory for a video decoder");
  const int copied = avcodec_parameters_to_context(codec.get(), &parameters);
  if (copied < 0) {
    return FfmpegError(absl::StatusCode::kInvalidArgument, "bad codec parameters", copied);
  }
  codec->max_pixels = int64_t(settings.limits.max_frame_pixels);
  codec->thread_count = settings.decoder_threads;
  codec->thread_type = FF_THREAD_SLICE;
  const int opened = avcodec_open2(codec.get(), decoder, nullptr);
  if (opened < 0) {
    return FfmpegError(absl::StatusCode::kInvalidArgument,
                       absl::StrCat("cannot open the ", info.codec, " decoder"), opened);
  }
  packet.reset(av_packet_alloc());
  frame.reset(av_frame_alloc());
  rgb.reset(av_frame_alloc());
  if (packet == nullptr || frame == nullptr || rgb == nullptr) {
    return absl::ResourceExhaustedError("out of memory for video frames");
  }
  rgb->format = AV_PIX_FMT_RGB24;
  rgb->width = settings.output_dimension > 0 ? settings.output_dimension : info.width;
  rgb->height = settings.output_dimension > 0 ? settings.output_dimension : info.height;
  // Packed rows (alignment 1), as vpdq's frames: swscale takes the same code path.
  const int allocated = av_frame_get_buffer(rgb.get(), 1);
  if (allocated < 0) {
    return FfmpegError(absl::StatusCode::kResourceExhausted, "cannot allocate the RGB frame",
                       allocated);
  }
  return absl::OkStatus();
}

Status VideoDecoder::State::CheckDeclaredLimits() const {
  const VideoLimits& limits = settings.limits;
  if (info.width <= 0 || info.height <= 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: the video stream declares a size of %dx%d", name, info.width, info.height));
  }
  if (info.width > limits.max_dimension || info.height > limits.max_dimension ||
      uint64_t(info.width) * uint64_t(info.height) > limits.max_frame_pixels) {
    return absl::ResourceExhaustedError(
        absl::StrFormat("%s: frames are %dx%d, over the limit of %d px a side and %d pixels", name,
                        info.width, info.height, limits.max_dimension, limits.max_frame_pixels));
  }
  if (!(info.fps > 0) || !(info.fps < 1e6)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: the video stream declares a frame rate of %g", name, info.fps));
  }
  if (info.duration_seconds > limits.max_duration_seconds) {
    return absl::ResourceExhaustedError(
        absl::StrFormat("%s: the video lasts %.0f s, over the limit of %g s", name,
                        info.duration_seconds, limits.max_duration_seconds));
  }
  return absl::OkStatus();
}

Status VideoDecoder::State::ConvertFrame() {
  // The scaler is rebuilt only when the decoded size or pixel format changes.
  scaler.reset(sws_getCachedContext(scaler.release(), frame->width, frame->height,
                                    AVPixelFormat(frame->format), rgb->width, rgb->height,
                                    AV_PIX_FMT_RGB24, SWS_AREA, nullptr, nullptr, nullptr));
  if (scaler == nullptr) {
    return absl::DataLossError(
        absl::StrFormat("%s: cannot convert frame %d (%dx%d, pixel format %d) to RGB", name,
                        frames_decoded, frame->width, frame->height, frame->format));
  }
  sws_scale(scaler.get(), frame->data, frame->linesize, 0, frame->height, rgb->data, rgb->linesize);
  return absl::OkStatus();
}

Status VideoDecoder::State::Receive(
    const std::function<bool(uint64_t)>& wanted,
    const std::function<Status(uint64_t, const hash::RgbView&)>& on_frame) {
  const VideoLimits& limits = settings.limits;
  while (true) {
    const int received = avcodec_receive_frame(codec.get(), frame.get());
    if (received == AVERROR(EAGAIN) || received == AVERROR_EOF) return absl::OkStatus();
    if (received < 0) {
      return FfmpegError(absl::StatusCode::kDataLoss,
                         absl::StrCat("cannot decode frame ", frames_decoded), received);
    }
    const uint64_t number = frames_decoded++;
    if (frames_decoded > limits.max_frames ||
        double(frames_decoded) / info.fps > limits.max_duration_seconds) {
      return absl::ResourceExhaustedError(
          absl::StrFormat("%s: more than %d frames or %g s of video", name, limits.max_frames,
                          limits.max_duration_seconds));
    }
    if (Clock::now() >= deadline) return TimeBudgetError();
    if (wanted(number)) {
      CLEARHOST_RETURN_IF_ERROR(ConvertFrame());
      const hash::RgbView view{rgb->data[0], rgb->width, rgb->height, size_t(rgb->linesize[0])};
      CLEARHOST_RETURN_IF_ERROR(on_frame(number, view));
    }
    av_frame_unref(frame.get());
  }
}

VideoDecoder::VideoDecoder(std::unique_ptr<State> state) : state_(std::move(state)) {}
VideoDecoder::~VideoDecoder() = default;

Result<std::unique_ptr<VideoDecoder>> VideoDecoder::Open(std::span<const uint8_t> bytes,
                                                         std::string display_name,
                                                         const VideoDecodeSettings& settings) {
  QuietFfmpegLogging();
  auto state = std::make_unique<State>();
  state->name = std::move(display_name);
  state->settings = settings;
  state->deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(settings.limits.max_decode_seconds));
  CLEARHOST_RETURN_IF_ERROR(state->OpenInput(bytes));
  CLEARHOST_RETURN_IF_ERROR(state->OpenCodec());
  return std::unique_ptr<VideoDecoder>(new VideoDecoder(std::move(state)));
}

const VideoInfo& VideoDecoder::info() const {
  return state_->info;
}
int VideoDecoder::output_width() const {
  return state_->rgb->width;
}
int VideoDecoder::output_height() const {
  return state_->rgb->height;
}

Result<uint64_t> VideoDecoder::Decode(
    const std::function<bool(uint64_t)>& wanted,
    const std::function<Status(uint64_t, const hash::RgbView&)>& on_frame) {
  State& state = *state_;
  while (true) {
    const int read = av_read_frame(state.format.get(), state.packet.get());
    if (read == AVERROR_EOF) break;
    if (read < 0) return state.FfmpegError(absl::StatusCode::kDataLoss, "cannot read", read);
    if (state.packet->stream_index != state.stream_index) {
      av_packet_unref(state.packet.get());
      continue;
    }
    const int sent = avcodec_send_packet(state.codec.get(), state.packet.get());
    av_packet_unref(state.packet.get());
    if (sent < 0) {
      return state.FfmpegError(absl::StatusCode::kDataLoss,
                               absl::StrCat("cannot decode after frame ", state.frames_decoded),
                               sent);
    }
    CLEARHOST_RETURN_IF_ERROR(state.Receive(wanted, on_frame));
  }
  // Drain the frames the decoder still holds.
  const int flushed = avcodec_send_packet(state.codec.get(), nullptr);
  if (flushed < 0 && flushed != AVERROR_EOF) {
    return state.FfmpegError(absl::StatusCode::kDataLoss, "cannot flush the decoder", flushed);
  }
  CLEARHOST_RETURN_IF_ERROR(state.Receive(wanted, on_frame));
  return state.frames_decoded;
}

}  // namespace clearhost::video
