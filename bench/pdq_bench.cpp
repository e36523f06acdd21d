// PDQ throughput by stage and end to end, with in-run peers:
//  - Decode/*: decoding only (the physical floor), per format, on generated pictures;
//  - Downsample/* (luma + blur + decimate) and DctMedian: the hashing stages;
//  - ReferenceStyleDownsample: the reference library's plain per-line algorithm, as a peer;
//  - Pipeline/{DecodeOnly,Hash,Fast}: every picture of ../shared/testdata/pdq, read from memory,
//    decoded (and hashed); compare items_per_second between them in one run;
//  - HashOverDecode: per picture, decode then PDQ, timed back to back: the hashing cost as a
//    fraction of decoding (target <= 0.15);
//  - ImageMagickDecode: `convert FILE ppm:-` per picture, the decode step of Meta's reference
//    tool (it shells out to ImageMagick), when `convert` is installed.
// Run: ./run bench  (or build/bench/pdq_bench --benchmark_filter=Pipeline)
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/ordered_parallel.h"
#include "hash/box_filter.h"
#include "hash/file_hasher.h"
#include "hash/pdq.h"
#include "picture_synth.h"

namespace clearhost {
namespace {

namespace fs = std::filesystem;

struct Corpus {
  std::vector<fs::path> paths;
  std::vector<std::vector<uint8_t>> files;
  size_t bytes = 0;
};

const Corpus& TestCorpus() {
  static const Corpus corpus = [] {
    Corpus c;
    fs::path dir = CLEARHOST_DEFAULT_TESTDATA;
    if (const char* env = std::getenv("CLEARHOST_TESTDATA")) dir = env;
    dir /= "pdq";
    if (!fs::is_directory(dir)) return c;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      const auto extension = entry.path().extension();
      if (!entry.is_regular_file() ||
          (extension != ".jpg" && extension != ".png" && extension != ".webp")) {
        continue;
      }
      std::ifstream in(entry.path(), std::ios::binary);
      c.files.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      c.bytes += c.files.back().size();
      c.paths.push_back(entry.path());
    }
    return c;
  }();
  return corpus;
}

const image::RgbImage& Picture1080p() {
  static const image::RgbImage picture = synth::MakePicture(1920, 1080, 42);
  return picture;
}

void SetPixelCounters(benchmark::State& state, double pixels_per_iteration) {
  state.counters["pixels_per_second"] =
      benchmark::Counter(pixels_per_iteration, benchmark::Counter::kIsIterationInvariantRate);
  state.SetItemsProcessed(state.iterations());
}

void BM_DecodeJpeg1080p(benchmark::State& state) {
  const auto jpeg = synth::EncodeJpeg(Picture1080p(), 90, false);
  for (auto _ : state) benchmark::DoNotOptimize(image::DecodeImage(jpeg, {}));
  state.SetBytesProcessed(state.iterations() * jpeg.size());
  SetPixelCounters(state, 1920.0 * 1080);
}
BENCHMARK(BM_DecodeJpeg1080p)->Unit(benchmark::kMillisecond);

void BM_DecodePng1080p(benchmark::State& state) {
  const auto png = synth::EncodePng(Picture1080p());
  for (auto _ : state) benchmark::DoNotOptimize(image::DecodeImage(png, {}));
  state.SetBytesProcessed(state.iterations() * png.size());
  SetPixelCounters(state, 1920.0 * 1080);
}
BENCHMARK(BM_DecodePng1080p)->Unit(benchmark::kMillisecond);

void BM_Downsample1080p(benchmark::State& state) {
  const auto& picture = Picture1080p();
  hash::RgbView view{picture.rgb.data(), picture.width, picture.height, size_t(picture.width) * 3};
  hash::PdqHasher hasher;
  hash::Block64 block;
  for (auto _ : state) {
    hasher.Downsample(view, hash::LumaSource::kWeightedRgb, block);
    benchmark::DoNotOptimize(block);
  }
  SetPixelCounters(state, 1920.0 * 1080);
}
BENCHMARK(BM_Downsample1080p)->Unit(benchmark::kMillisecond);

// The reference library's structure: full luma buffer, then four passes of the one-line filter
// (columns walked with a stride), then decimation. Same arithmetic, no lanes, no sampling.
void BM_ReferenceStyleDownsample1080p(benchmark::State& state) {
  const auto& picture = Picture1080p();
  const int width = picture.width, height = picture.height;
  std::vector<float> a(size_t(width) * height), b(a.size());
  float sums[1];
  hash::Block64 block;
  for (auto _ : state) {
    for (size_t i = 0; i < a.size(); ++i) {
      const uint8_t* p = &picture.rgb[3 * i];
      a[i] = 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2];
    }
    const int row_window = hash::JaroszWindowSize(width, 64);
    const int column_window = hash::JaroszWindowSize(height, 64);
    for (int pass = 0; pass < 2; ++pass) {
      for (int y = 0; y < height; ++y) {
        hash::BoxFilterLanes(&a[size_t(y) * width], &b[size_t(y) * width], width, 1, 1, row_window,
                             sums);
      }
      for (int x = 0; x < width; ++x) {
        hash::BoxFilterLanes(&b[x], &a[x], height, 1, width, column_window, sums);
      }
    }
    for (int i = 0; i < 64; ++i) {
      for (int j = 0; j < 64; ++j) {
        block[i * 64 + j] =
            a[size_t((i + 0.5) * height / 64) * width + size_t((j + 0.5) * width / 64)];
      }
    }
    benchmark::DoNotOptimize(block);
  }
  SetPixelCounters(state, double(width) * height);
}
BENCHMARK(BM_ReferenceStyleDownsample1080p)->Unit(benchmark::kMillisecond);

void BM_DctMedianQuality(benchmark::State& state) {
  hash::Block64 block;
  for (int i = 0; i < 64 * 64; ++i) block[i] = float((i * 7919) % 255);
  hash::Block16 coefficients;
  for (auto _ : state) {
    hash::Dct64To16(block, coefficients);
    benchmark::DoNotOptimize(hash::ThresholdAtMedian(coefficients));
    benchmark::DoNotOptimize(hash::PdqQuality(block));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DctMedianQuality);

// Whole pipeline over the shared test pictures. Arg 0: decode only; 1: default hash (decode +
// digests + PDQ); 2: --fast.
void BM_Pipeline(benchmark::State& state) {
  const Corpus& corpus = TestCorpus();
  if (corpus.files.empty()) {
    state.SkipWithError("../shared/testdata not found (set CLEARHOST_TESTDATA)");
    return;
  }
  hash::FileHashOptions options;
  if (state.range(0) == 2) options.mode = hash::HashMode::kFast;
  hash::FileHasher hasher(options);
  for (auto _ : state) {
    for (size_t i = 0; i < corpus.files.size(); ++i) {
      if (state.range(0) == 0) {
        benchmark::DoNotOptimize(image::DecodeImage(corpus.files[i], {}));
      } else {
        benchmark::DoNotOptimize(hasher.HashBytes(corpus.files[i]));
      }
    }
  }
  state.counters["pictures_per_second"] = benchmark::Counter(
      double(corpus.files.size()), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["MB_per_second"] =
      benchmark::Counter(double(corpus.bytes) / 1e6, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Pipeline)
    ->ArgNames({"mode"})
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
// `clearhost hash --jobs N` without the disk: the corpus through the same OrderedParallel runner
// and per-thread FileHasher the command uses. Compare pictures_per_second of jobs:2 with jobs:1.
void BM_OrderedParallelHash(benchmark::State& state) {
  const Corpus& corpus = TestCorpus();
  if (corpus.files.empty()) {
    state.SkipWithError("../shared/testdata not found (set CLEARHOST_TESTDATA)");
    return;
  }
  const int jobs = int(state.range(0));
  for (auto _ : state) {
    size_t next = 0;
    OrderedParallel<size_t, hash::FileHashRecord, hash::FileHasher> pool(jobs, size_t(jobs) * 64);
    pool.Run(
        [&]() -> std::optional<size_t> {
          return next < corpus.files.size() ? std::optional(next++) : std::nullopt;
        },
        [] { return hash::FileHasher(hash::FileHashOptions{}); },
        [&](hash::FileHasher& hasher, const size_t& i) {
          return hasher.HashBytes(corpus.files[i]);
        },
        [](const size_t&, hash::FileHashRecord&& record) { benchmark::DoNotOptimize(record.pdq); });
  }
  state.counters["pictures_per_second"] = benchmark::Counter(
      double(corpus.files.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_OrderedParallelHash)
    ->ArgNames({"jobs"})
    ->Arg(1)
    ->Arg(2)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(4);

// The acceptance ratio, robust to a noisy machine: for every picture, decode and then hash the
// decoded pixels back to back, timing each, so both see the same machine state. Reports
// hash_over_decode = (luma + blur + DCT + median time) / (decode time), and digest_over_decode.
void BM_HashOverDecode(benchmark::State& state) {
  const Corpus& corpus = TestCorpus();
  if (corpus.files.empty()) {
    state.SkipWithError("../shared/testdata not found (set CLEARHOST_TESTDATA)");
    return;
  }
  using Clock = std::chrono::steady_clock;
  hash::PdqHasher hasher;
  Clock::duration decode_time{}, hash_time{}, digest_time{};
  for (auto _ : state) {
    for (const auto& file : corpus.files) {
      const auto start = Clock::now();
      auto decoded = image::DecodeImage(file, {});
      const auto decoded_at = Clock::now();
      if (!decoded.ok()) continue;
      const auto& picture = decoded->image;
      benchmark::DoNotOptimize(hasher.Hash(
          {picture.rgb.data(), picture.width, picture.height, size_t(picture.width) * 3}));
      const auto hashed_at = Clock::now();
      benchmark::DoNotOptimize(hash::ComputeDigests(file));
      digest_time += Clock::now() - hashed_at;
      decode_time += decoded_at - start;
      hash_time += hashed_at - decoded_at;
    }
  }
  state.counters["hash_over_decode"] = double(hash_time.count()) / double(decode_time.count());
  state.counters["digest_over_decode"] = double(digest_time.count()) / double(decode_time.count());
}
BENCHMARK(BM_HashOverDecode)->Unit(benchmark::kMillisecond)->MinTime(5);

void BM_ImageMagickDecode(benchmark::State& state) {
  const Corpus& corpus = TestCorpus();
  if (corpus.files.empty() || std::system("command -v convert >/dev/null 2>&1") != 0) {
    state.SkipWithError("needs ../shared/testdata and ImageMagick's convert");
    return;
  }
  for (auto _ : state) {
    for (const auto& path : corpus.paths) {
      const std::string command = "convert '" + path.string() + "' ppm:- > /dev/null 2>&1";
      benchmark::DoNotOptimize(std::system(command.c_str()));
    }
  }
  state.counters["pictures_per_second"] = benchmark::Counter(
      double(corpus.paths.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ImageMagickDecode)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// Large JPEG wallpapers (3840x2160, generated once into a temp dir): clearhost's whole per-file
// job (read, digests, decode, PDQ) against `convert FILE ppm:-`, the ImageMagick decode that
// Meta's reference tool runs per picture before it even hashes.
const std::vector<fs::path>& Wallpapers() {
  static const std::vector<fs::path> paths = [] {
    std::vector<fs::path> out;
    const fs::path dir = fs::temp_directory_path() / "clearhost-bench-wallpapers";
    fs::create_directories(dir);
    for (int i = 0; i < 6; ++i) {
      const fs::path path = dir / ("wallpaper-" + std::to_string(i) + ".jpg");
      if (!fs::exists(path)) {
        synth::WriteBytes(path,
                          synth::EncodeJpeg(synth::MakePicture(3840, 2160, 77 + i), 90, false));
      }
      out.push_back(path);
    }
    return out;
  }();
  return paths;
}

void BM_WallpaperClearhost(benchmark::State& state) {
  hash::FileHasher hasher(hash::FileHashOptions{});
  Wallpapers();  // generated before timing starts
  for (auto _ : state) {
    for (const auto& path : Wallpapers()) benchmark::DoNotOptimize(hasher.HashFile(path));
  }
  state.counters["pictures_per_second"] = benchmark::Counter(
      double(Wallpapers().size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_WallpaperClearhost)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_WallpaperImageMagickDecode(benchmark::State& state) {
  if (std::system("command -v convert >/dev/null 2>&1") != 0) {
    state.SkipWithError("needs ImageMagick's convert");
    return;
  }
  Wallpapers();
  for (auto _ : state) {
    for (const auto& path : Wallpapers()) {
      const std::string command = "convert '" + path.string() + "' ppm:- > /dev/null 2>&1";
      benchmark::DoNotOptimize(std::system(command.c_str()));
    }
  }
  state.counters["pictures_per_second"] = benchmark::Counter(
      double(Wallpapers().size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_WallpaperImageMagickDecode)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace clearhost

BENCHMARK_MAIN();
