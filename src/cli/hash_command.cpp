// `clearhost hash [--format jsonl|csv|pdq|vpdq] [--dihedral] [--fast | --compat reference-tool]
//                 [--seconds-per-hash S] [--video-size N] [--max-video-duration S]
//                 [--video-time-budget S] [--jobs N] PATH...`
#include <cstdio>
#include <map>

#include "cli/commands.h"
#include "cli/hash_output.h"
#include "cli/hash_paths.h"

namespace clearhost::cli {
namespace {

struct HashArguments {
  std::vector<std::string> paths;
  HashOutputFormat format = HashOutputFormat::kJsonLines;
  bool dihedral = false;
  bool fast = false;
  std::string compat;
  int jobs = 0;
  uint64_t max_pixels = 100'000'000;
  uint64_t max_file_bytes = uint64_t{1} << 30;
  video::VideoHashOptions video;
};

int RunHash(const HashArguments& arguments) {
  hash::FileHashOptions options;
  options.dihedral = arguments.dihedral;
  options.max_pixels = arguments.max_pixels;
  options.max_file_bytes = arguments.max_file_bytes;
  if (arguments.fast) options.mode = hash::HashMode::kFast;
  if (arguments.compat == "reference-tool") options.mode = hash::HashMode::kReferenceTool;

  HashOutput output(arguments.format, arguments.dihedral);
  output.WriteHeader(stdout);
  bool all_ok = true;
  HashPaths(arguments.paths, options, &arguments.video, arguments.jobs,
            [&](const std::string& path, MediaRecord&& record) {
              // A video is reported as a video; an animated GIF as a picture and a video.
              if (!record.video || record.file.format != image::ImageFormat::kUnknown) {
                all_ok &= output.Write(stdout, stderr, path, record.file);
              }
              if (record.video) {
                all_ok &= output.WriteVideo(stdout, stderr, path, record.file, record.container,
                                            *record.video);
              }
            });
  std::fflush(stdout);
  return all_ok ? 0 : 1;
}

}  // namespace

void RegisterHashCommand(CLI::App& command, int& exit_code) {
  auto arguments = std::make_shared<HashArguments>();
  command.description(
      "Computes PDQ (with quality 0-100) and MD5/SHA-1/SHA-256 for each picture, and vPDQ\n"
      "(one PDQ hash per sampled frame) for each video. Directories are walked recursively\n"
      "in sorted order; files are recognised by content, not name.\n"
      "Exit code 0 when every input hashed, 1 when some failed (all others still reported),\n"
      "2 on a usage error.");
  command.add_option("paths", arguments->paths, "Files or directories to hash")->required();
  const std::map<std::string, HashOutputFormat> formats = {{"jsonl", HashOutputFormat::kJsonLines},
                                                           {"csv", HashOutputFormat::kCsv},
                                                           {"pdq", HashOutputFormat::kPdq},
                                                           {"vpdq", HashOutputFormat::kVpdq}};
  command
      .add_option("--format", arguments->format,
                  "jsonl (default): one JSON object per file; csv: with a header; pdq: "
                  "HASH,QUALITY,PATH like Meta's reference tool (pictures); vpdq: "
                  "frameNumber,quality,pdqHex,timestamp per hashed frame like Meta's "
                  "vpdq-hash-video (videos)")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case));
  command.add_flag("--dihedral", arguments->dihedral,
                   "Also output the hashes of the 7 rotated/flipped versions");
  auto* fast = command.add_flag(
      "--fast", arguments->fast,
      "Decode JPEGs at a reduced size (DCT scaling, >= 512 px) before hashing: faster, hashes "
      "within a few bits of the default mode");
  command
      .add_option("--compat", arguments->compat,
                  "reference-tool: reproduce Meta's pdq-photo-hasher bit for bit (no EXIF "
                  "orientation; pictures over 512 px resized to 512x512 first)")
      ->check(CLI::IsMember({"reference-tool"}))
      ->excludes(fast);
  command.add_option("-j,--jobs", arguments->jobs, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  command
      .add_option("--max-pixels", arguments->max_pixels,
                  "Refuse pictures with more pixels than this (default 100000000)")
      ->check(CLI::PositiveNumber);
  command
      .add_option("--max-file-size", arguments->max_file_bytes,
                  "Refuse files larger than this many bytes (default 1 GiB)")
      ->check(CLI::PositiveNumber);
  command
      .add_option("--seconds-per-hash", arguments->video.seconds_per_hash,
                  "Videos: hash one frame every this many seconds (default 1; 0: every frame)")
      ->check(CLI::NonNegativeNumber);
  command
      .add_option("--video-size", arguments->video.downsample_dimension,
                  "Videos: scale frames to N x N before hashing (default: full size)")
      ->check(CLI::Range(8, 4096));
  command
      .add_option("--max-video-duration", arguments->video.limits.max_duration_seconds,
                  "Videos: refuse videos longer than this many seconds (default 21600)")
      ->check(CLI::PositiveNumber);
  command
      .add_option("--video-time-budget", arguments->video.limits.max_decode_seconds,
                  "Videos: give up on a video after this many seconds of decoding (default 600)")
      ->check(CLI::PositiveNumber);
  command.callback([arguments, &exit_code] { exit_code = RunHash(*arguments); });
}

}  // namespace clearhost::cli
