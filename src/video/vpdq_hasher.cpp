#include "video/vpdq_hasher.h"

#include "absl/strings/str_cat.h"
#include "core/mapped_file.h"
#include "hash/pdq.h"

namespace clearhost::video {

uint64_t FramesPerHash(double seconds_per_hash, double fps) {
  const double frames = seconds_per_hash * fps;
  // The reference truncates to int; 0 (and anything below 1) means every frame.
  if (!(frames >= 1)) return 1;
  if (frames >= double(INT32_MAX)) return uint64_t(INT32_MAX);
  return uint64_t(int(frames));
}

Result<VideoHash> HashVideoBytes(std::span<const uint8_t> bytes, const std::string& display_name,
                                 const VideoHashOptions& options) {
  if (!(options.seconds_per_hash >= 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("seconds per hash must be >= 0, not ", options.seconds_per_hash));
  }
  if (options.limits.max_frames > UINT32_MAX) {
    return absl::InvalidArgumentError("the frame limit must fit vPDQ's 32-bit frame numbers");
  }
  VideoDecodeSettings settings;
  settings.limits = options.limits;
  settings.output_dimension = options.downsample_dimension;
  settings.decoder_threads = options.decoder_threads;
  CLEARHOST_ASSIGN_OR_RETURN(auto decoder, VideoDecoder::Open(bytes, display_name, settings));

  VideoHash result;
  result.info = decoder->info();
  const uint64_t interval = FramesPerHash(options.seconds_per_hash, result.info.fps);
  const auto fps = float(result.info.fps);
  hash::PdqHasher pdq;
  CLEARHOST_ASSIGN_OR_RETURN(
      result.frames_decoded,
      decoder->Decode([interval](uint64_t number) { return number % interval == 0; },
                      [&](uint64_t number, const hash::RgbView& rgb) {
                        const hash::PdqHash frame_hash = pdq.Hash(rgb);
                        result.frames.push_back({uint32_t(number), frame_hash.quality,
                                                 frame_hash.hash, float(number) / fps});
                        return absl::OkStatus();
                      }));
  return result;
}

Result<VideoHash> HashVideoFile(const std::filesystem::path& path,
                                const VideoHashOptions& options) {
  CLEARHOST_ASSIGN_OR_RETURN(auto mapped, MappedFile::Open(path));
  return HashVideoBytes(mapped->bytes(), path.string(), options);
}

}  // namespace clearhost::video
