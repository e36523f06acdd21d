// The decoder and vPDQ hasher on videos the test generates (tools/video_synth): containers and
// codecs, sampling, downscaling, memory vs file input, and bad input (each a clear error, no
// crash, no hang).
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "support/test_support.h"
#include "video/vpdq_hasher.h"
#include "video_synth.h"

namespace clearhost::video {
namespace {

using testing::ReadFileBytes;

struct Fixture {
  testing::ScratchDir dir;
  std::filesystem::path Write(const std::string& name, const synth::VideoSpec& spec) {
    const auto path = dir.path() / name;
    const Status written = synth::WriteVideo(path, spec);
    EXPECT_TRUE(written.ok()) << written;
    return path;
  }
};

TEST(VideoDecoder, ReadsContainersAndCodecs) {
  Fixture fixture;
  const std::vector<std::pair<std::string, std::string>> kinds = {{"mpeg4", "matroska"},
                                                                  {"mjpeg", "avi"},
                                                                  {"ffv1", "matroska"},
                                                                  {"mpeg4", "mp4"},
                                                                  {"mpeg4", "mpegts"}};
  for (const auto& [codec, container] : kinds) {
    SCOPED_TRACE(codec + " in " + container);
    synth::VideoSpec spec;
    spec.codec = codec;
    spec.container = container;
    const auto path = fixture.Write(codec + "." + container, spec);
    const Result<VideoHash> hashed = HashVideoFile(path, {});
    ASSERT_TRUE(hashed.ok()) << hashed.status();
    EXPECT_EQ(hashed->info.width, 160);
    EXPECT_EQ(hashed->info.height, 120);
    EXPECT_DOUBLE_EQ(hashed->info.fps, 10);
    EXPECT_EQ(hashed->frames_decoded, 40u);
    ASSERT_EQ(hashed->frames.size(), 4u);  // one a second: frames 0, 10, 20, 30
    for (size_t i = 0; i < 4; ++i) {
      EXPECT_EQ(hashed->frames[i].frame_number, 10 * i);
      EXPECT_DOUBLE_EQ(hashed->frames[i].timestamp_seconds, double(i));
      EXPECT_GE(hashed->frames[i].quality, 50);
    }
  }
}

TEST(VideoDecoder, SamplesEveryFrameAndDownscales) {
  Fixture fixture;
  const auto path = fixture.Write("a.mkv", {});
  VideoHashOptions options;
  options.seconds_per_hash = 0;
  const Result<VideoHash> every = HashVideoFile(path, options);
  ASSERT_TRUE(every.ok()) << every.status();
  EXPECT_EQ(every->frames.size(), 40u);
  options.seconds_per_hash = 0.5;
  const Result<VideoHash> half = HashVideoFile(path, options);
  ASSERT_TRUE(half.ok()) << half.status();
  EXPECT_EQ(half->frames.size(), 8u);
  // Downscaled frames hash close to full-size ones (PDQ is made for resized copies).
  options.seconds_per_hash = 1;
  options.downsample_dimension = 64;
  const Result<VideoHash> small = HashVideoFile(path, options);
  ASSERT_TRUE(small.ok()) << small.status();
  ASSERT_EQ(small->frames.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_LE(HammingDistance(small->frames[i].pdq, every->frames[10 * i].pdq), 40);
  }
  EXPECT_EQ(FramesPerHash(1, 29.97), 29u);
  EXPECT_EQ(FramesPerHash(1, 0.5), 1u);
  EXPECT_EQ(FramesPerHash(0, 30), 1u);
}

TEST(VideoDecoder, MemoryAndFileGiveTheSameHashes) {
  Fixture fixture;
  const auto path = fixture.Write("a.avi", {.codec = "mjpeg", .container = "avi"});
  const Result<VideoHash> from_file = HashVideoFile(path, {});
  const std::vector<uint8_t> bytes = ReadFileBytes(path);
  const Result<VideoHash> from_memory = HashVideoBytes(bytes, "a.avi", {});
  ASSERT_TRUE(from_file.ok() && from_memory.ok());
  ASSERT_EQ(from_file->frames.size(), from_memory->frames.size());
  for (size_t i = 0; i < from_file->frames.size(); ++i) {
    EXPECT_EQ(from_file->frames[i].pdq, from_memory->frames[i].pdq);
  }
}

TEST(VideoBadInput, EmptyAndMissingFiles) {
  testing::ScratchDir dir;
  testing::WriteFile(dir.path() / "empty.mp4", {});
  const auto empty = HashVideoFile(dir.path() / "empty.mp4", {});
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(empty.status().message().find("empty.mp4: empty file"), std::string::npos);
  EXPECT_EQ(HashVideoFile(dir.path() / "missing.mp4", {}).status().code(),
            absl::StatusCode::kNotFound);
  const std::vector<uint8_t> text = {'h', 'e', 'l', 'l', 'o'};
  EXPECT_EQ(HashVideoBytes(text, "hello", {}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(VideoBadInput, AudioOnlyFileHasNoVideoStream) {
  testing::ScratchDir dir;
  const auto path = dir.path() / "tone.mkv";
  ASSERT_TRUE(synth::WriteAudioOnly(path, "matroska").ok());
  const auto hashed = HashVideoFile(path, {});
  EXPECT_EQ(hashed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(hashed.status().message().find("no video stream"), std::string::npos)
      << hashed.status();
}

TEST(VideoBadInput, TruncatedMp4IsRefused) {
  Fixture fixture;
  // The MP4 muxer writes its index (moov) last: without it there is nothing to decode.
  const auto path = fixture.Write("a.mp4", {.container = "mp4"});
  std::vector<uint8_t> bytes = ReadFileBytes(path);
  for (size_t keep : {bytes.size() / 2, size_t(64), size_t(8)}) {
    const std::vector<uint8_t> truncated(bytes.begin(), bytes.begin() + keep);
    const auto hashed = HashVideoBytes(truncated, "cut.mp4", {});
    EXPECT_FALSE(hashed.ok()) << keep;
    EXPECT_NE(hashed.status().message().find("cut.mp4"), std::string::npos);
  }
}

TEST(VideoBadInput, GarbageAfterAValidHeaderNeverCrashesOrHangs) {
  Fixture fixture;
  std::mt19937 rng(7);
  for (const char* container : {"matroska", "avi", "mp4"}) {
    SCOPED_TRACE(container);
    const auto path = fixture.Write("a", {.container = container});
    const std::vector<uint8_t> bytes = ReadFileBytes(path);
    for (size_t keep : {size_t(32), size_t(200), bytes.size() / 3}) {
      std::vector<uint8_t> damaged(bytes.begin(), bytes.begin() + keep);
      for (int i = 0; i < 20000; ++i) damaged.push_back(uint8_t(rng()));
      VideoHashOptions options;
      options.limits.max_decode_seconds = 10;
      const auto start = std::chrono::steady_clock::now();
      const auto hashed = HashVideoBytes(damaged, "damaged", options);
      EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
      if (!hashed.ok()) {
        EXPECT_NE(hashed.status().message().find("damaged"), std::string::npos);
      }
    }
  }
}

// `bytes`, an AVI file, with its headers (avih and the stream's BITMAPINFOHEADER) claiming
// frames of `side` x `side` pixels.
std::vector<uint8_t> ClaimSize(std::vector<uint8_t> bytes, uint32_t side) {
  auto patch = [&](std::string_view tag, size_t offset) {
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    const size_t at = text.find(tag);
    ASSERT_NE(at, std::string_view::npos) << tag;
    for (size_t field : {at + offset, at + offset + 4}) {
      for (int i = 0; i < 4; ++i) bytes[field + i] = uint8_t(side >> (8 * i));
    }
  };
  patch("avih", 8 + 32);  // dwWidth, dwHeight
  patch("strf", 8 + 4);   // biWidth, biHeight
  return bytes;
}

TEST(VideoBadInput, AbsurdDimensionsAreRefused) {
  Fixture fixture;
  // Raw video: the frame size is the one the headers declare, nothing else tells it.
  const auto path = fixture.Write("a.avi", {.frames = 3, .codec = "rawvideo", .container = "avi"});
  const std::vector<uint8_t> bytes = ReadFileBytes(path);
  // Over our pixel limit (8192 x 8192) but not FFmpeg's own sanity check.
  const auto large = HashVideoBytes(ClaimSize(bytes, 16000), "large.avi", {});
  EXPECT_EQ(large.status().code(), absl::StatusCode::kResourceExhausted) << large.status();
  EXPECT_NE(large.status().message().find("large.avi: frames are 16000x16000"), std::string::npos)
      << large.status();
  // FFmpeg refuses this size itself and reports no size at all.
  const auto huge = HashVideoBytes(ClaimSize(bytes, 60000), "huge.avi", {});
  EXPECT_EQ(huge.status().code(), absl::StatusCode::kInvalidArgument) << huge.status();
  EXPECT_NE(huge.status().message().find("huge.avi"), std::string::npos);
}

TEST(VideoLimitsTest, EachLimitGivesItsError) {
  Fixture fixture;
  const auto path = fixture.Write("a.mkv", {});
  VideoHashOptions options;
  options.limits.max_dimension = 100;
  EXPECT_EQ(HashVideoFile(path, options).status().code(), absl::StatusCode::kResourceExhausted);
  options = {};
  options.limits.max_frames = 5;
  EXPECT_EQ(HashVideoFile(path, options).status().code(), absl::StatusCode::kResourceExhausted);
  options = {};
  options.limits.max_duration_seconds = 2;
  EXPECT_EQ(HashVideoFile(path, options).status().code(), absl::StatusCode::kResourceExhausted);
  options = {};
  options.limits.max_decode_seconds = 0;
  EXPECT_EQ(HashVideoFile(path, options).status().code(), absl::StatusCode::kDeadlineExceeded);
  options = {};
  options.seconds_per_hash = -1;
  EXPECT_EQ(HashVideoFile(path, options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(VideoBadInput, PlaylistsCannotOpenOtherFiles) {
  Fixture fixture;
  const auto target = fixture.Write("target.mkv", {});
  // A concat script and an HLS playlist naming a real, readable video: refused, not followed.
  for (const std::string& text : {"ffconcat version 1.0\nfile '" + target.string() + "'\n",
                                  "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\n" +
                                      target.string() + "\n#EXT-X-ENDLIST\n"}) {
    const std::vector<uint8_t> bytes(text.begin(), text.end());
    const auto hashed = HashVideoBytes(bytes, "playlist", {});
    EXPECT_FALSE(hashed.ok());
  }
}

}  // namespace
}  // namespace clearhost::video
