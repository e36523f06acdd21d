// `clearhost hash [--format jsonl|csv|pdq] [--dihedral] [--fast | --compat reference-tool]
//                 [--jobs N] PATH...`
#include <cstdio>
#include <filesystem>
#include <map>
#include <thread>

#include "cli/commands.h"
#include "cli/hash_output.h"
#include "core/file_walk.h"
#include "core/ordered_parallel.h"

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
};

struct WalkItem {
  std::string path;
  Status problem;  // set when the walk itself failed for this path
};

int RunHash(const HashArguments& arguments) {
  hash::FileHashOptions options;
  options.dihedral = arguments.dihedral;
  options.max_pixels = arguments.max_pixels;
  options.max_file_bytes = arguments.max_file_bytes;
  if (arguments.fast) options.mode = hash::HashMode::kFast;
  if (arguments.compat == "reference-tool") options.mode = hash::HashMode::kReferenceTool;

  // The walk runs ahead on its own thread into a small buffer; OrderedParallel pulls from it.
  std::vector<std::filesystem::path> roots(arguments.paths.begin(), arguments.paths.end());
  std::mutex walk_mutex;
  std::condition_variable walk_changed;
  std::deque<WalkItem> walked;
  bool walk_done = false;
  constexpr size_t kWalkBuffer = 1024;
  std::thread walker([&] {
    WalkPaths(roots, [&](const std::filesystem::path& path, const Status& problem) {
      std::unique_lock lock(walk_mutex);
      walk_changed.wait(lock, [&] { return walked.size() < kWalkBuffer; });
      walked.push_back({path.string(), problem});
      walk_changed.notify_all();
      return true;
    });
    std::lock_guard lock(walk_mutex);
    walk_done = true;
    walk_changed.notify_all();
  });
  auto next_item = [&]() -> std::optional<WalkItem> {
    std::unique_lock lock(walk_mutex);
    walk_changed.wait(lock, [&] { return !walked.empty() || walk_done; });
    if (walked.empty()) return std::nullopt;
    WalkItem item = std::move(walked.front());
    walked.pop_front();
    walk_changed.notify_all();
    return item;
  };

  const int jobs =
      arguments.jobs > 0 ? arguments.jobs : int(std::max(1u, std::thread::hardware_concurrency()));
  HashOutput output(arguments.format, arguments.dihedral);
  output.WriteHeader(stdout);
  bool all_ok = true;
  // Records are small (no pixels), so a wide window keeps every worker busy behind a slow file.
  OrderedParallel<WalkItem, hash::FileHashRecord, hash::FileHasher> pool(jobs, size_t(jobs) * 64);
  pool.Run(
      next_item, [&] { return hash::FileHasher(options); },
      [](hash::FileHasher& hasher, const WalkItem& item) {
        if (!item.problem.ok()) {
          hash::FileHashRecord record;
          record.error = item.problem;
          return record;
        }
        return hasher.HashFile(item.path);
      },
      [&](const WalkItem& item, hash::FileHashRecord&& record) {
        all_ok &= output.Write(stdout, stderr, item.path, record);
      });
  walker.join();
  std::fflush(stdout);
  return all_ok ? 0 : 1;
}

}  // namespace

void RegisterHashCommand(CLI::App& command, int& exit_code) {
  auto arguments = std::make_shared<HashArguments>();
  command.description(
      "Computes PDQ (with quality 0-100) and MD5/SHA-1/SHA-256 for each picture. Directories\n"
      "are walked recursively in sorted order; files are recognised by content, not name.\n"
      "Exit code 0 when every input hashed, 1 when some failed (all others still reported),\n"
      "2 on a usage error.");
  command.add_option("paths", arguments->paths, "Files or directories to hash")->required();
  const std::map<std::string, HashOutputFormat> formats = {{"jsonl", HashOutputFormat::kJsonLines},
                                                           {"csv", HashOutputFormat::kCsv},
                                                           {"pdq", HashOutputFormat::kPdq}};
  command
      .add_option("--format", arguments->format,
                  "jsonl (default): one JSON object per file; csv: with a header; pdq: "
                  "HASH,QUALITY,PATH like Meta's reference tool")
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
  command.callback([arguments, &exit_code] { exit_code = RunHash(*arguments); });
}

}  // namespace clearhost::cli
