#include "cli/hash_paths.h"

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "core/file_io.h"
#include "core/file_walk.h"
#include "core/ordered_parallel.h"

namespace clearhost::cli {
namespace {

struct WalkItem {
  std::string path;
  Status problem;  // set when the walk itself failed for this path
};

MediaRecord HashMedia(hash::FileHasher& hasher, const std::string& path,
                      const video::VideoHashOptions* video_options) {
  MediaRecord record;
  auto bytes = ReadFileLimited(path, hasher.options().max_file_bytes);
  if (!bytes.ok()) {
    record.file.error = bytes.status();
    return record;
  }
  record.file = hasher.HashBytes(*bytes);
  if (video_options == nullptr || !record.file.digests) return record;
  record.container = video::SniffVideoContainer(*bytes);
  if (record.container == video::VideoContainer::kUnknown) return record;
  auto hashed = video::HashVideoBytes(*bytes, path, *video_options);
  if (record.container == video::VideoContainer::kGif) {
    // A GIF is a picture first; it is a video too when it has several frames.
    if (hashed.ok() && hashed->frames_decoded > 1) record.video = std::move(hashed);
    return record;
  }
  record.file.error = absl::OkStatus();  // "not a picture": it is a video
  record.video = std::move(hashed);
  return record;
}

}  // namespace

void HashPaths(const std::vector<std::string>& paths, const hash::FileHashOptions& options,
               const video::VideoHashOptions* video, int jobs,
               const std::function<void(const std::string& path, MediaRecord&&)>& on_record) {
  // The walk runs ahead on its own thread into a small buffer; OrderedParallel pulls from it.
  std::vector<std::filesystem::path> roots(paths.begin(), paths.end());
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

  const int workers = jobs > 0 ? jobs : int(std::max(1u, std::thread::hardware_concurrency()));
  // Records are small (no pixels), so a wide window keeps every worker busy behind a slow file.
  OrderedParallel<WalkItem, MediaRecord, hash::FileHasher> pool(workers, size_t(workers) * 64);
  pool.Run(
      next_item, [&] { return hash::FileHasher(options); },
      [video](hash::FileHasher& hasher, const WalkItem& item) {
        if (!item.problem.ok()) {
          MediaRecord record;
          record.file.error = item.problem;
          return record;
        }
        return HashMedia(hasher, item.path, video);
      },
      [&](const WalkItem& item, MediaRecord&& record) { on_record(item.path, std::move(record)); });
  walker.join();
}

}  // namespace clearhost::cli
