// vPDQ throughput and where the time goes, every frame of a video hashed (the worst case; the
// default one frame a second hashes ~1/fps of them), from memory:
//  - Video/<name>/stage:0  decode only (no conversion): the floor;
//  - Video/<name>/stage:1  decode + RGB24 conversion (SWS_AREA), no hashing;
//  - Video/<name>/stage:2  decode + conversion + PDQ: the whole of HashVideoBytes;
//  - Video/<name>/stage:3  HashVideoBytes at one hash a second (the default).
// Compare frames_per_second between stages of one run: stage:1 / stage:2 time is decode's share,
// the rest is hashing. Videos: the shared test vectors (testsrc2 320x240-ish, bars_audio 720p)
// when present, and a generated 640x480 mpeg4 video always.
// Run: ./run bench  (or build/bench/video_bench)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "core/file_io.h"
#include "hash/pdq.h"
#include "video/video_decoder.h"
#include "video/vpdq_hasher.h"
#include "video_synth.h"

namespace clearhost {
namespace {

namespace fs = std::filesystem;

struct BenchVideo {
  std::string name;
  std::vector<uint8_t> bytes;
};

const std::vector<BenchVideo>& BenchVideos() {
  static const std::vector<BenchVideo> videos = [] {
    std::vector<BenchVideo> list;
    const fs::path generated = fs::temp_directory_path() / "clearhost_video_bench.mkv";
    if (synth::WriteVideo(generated, {.width = 640, .height = 480, .frames = 100, .fps = 25})
            .ok()) {
      if (auto bytes = ReadFileLimited(generated, uint64_t{1} << 30); bytes.ok()) {
        list.push_back({"generated_640x480", *std::move(bytes)});
      }
    }
    fs::remove(generated);
    fs::path dir = CLEARHOST_DEFAULT_TESTDATA;
    if (const char* env = std::getenv("CLEARHOST_TESTDATA")) dir = env;
    for (const char* name : {"testsrc2.mp4", "bars_audio.mp4"}) {
      if (auto bytes = ReadFileLimited(dir / "video" / "videos" / name, uint64_t{1} << 30);
          bytes.ok()) {
        list.push_back({fs::path(name).stem().string(), *std::move(bytes)});
      }
    }
    return list;
  }();
  return videos;
}

void BM_Video(benchmark::State& state, const BenchVideo& video) {
  const int64_t stage = state.range(0);
  uint64_t frames = 0;
  hash::PdqHasher pdq;
  for (auto _ : state) {
    if (stage == 3) {
      auto hashed = video::HashVideoBytes(video.bytes, video.name, {});
      if (!hashed.ok()) return state.SkipWithError(std::string(hashed.status().message()).c_str());
      frames += hashed->frames_decoded;
      continue;
    }
    auto decoder = video::VideoDecoder::Open(video.bytes, video.name, {});
    if (!decoder.ok()) return state.SkipWithError(std::string(decoder.status().message()).c_str());
    auto decoded = (*decoder)->Decode([stage](uint64_t) { return stage >= 1; },
                                      [&](uint64_t, const hash::RgbView& rgb) {
                                        if (stage == 2) benchmark::DoNotOptimize(pdq.Hash(rgb));
                                        return absl::OkStatus();
                                      });
    if (!decoded.ok()) return state.SkipWithError(std::string(decoded.status().message()).c_str());
    frames += *decoded;
  }
  state.counters["frames_per_second"] =
      benchmark::Counter(double(frames), benchmark::Counter::kIsRate);
}

const bool kRegistered = [] {
  for (const BenchVideo& video : BenchVideos()) {
    benchmark::RegisterBenchmark(("Video/" + video.name).c_str(), BM_Video, std::cref(video))
        ->ArgName("stage")
        ->DenseRange(0, 3)
        ->Unit(benchmark::kMillisecond)
        ->MinTime(1.0);
  }
  return true;
}();

}  // namespace
}  // namespace clearhost

BENCHMARK_MAIN();
