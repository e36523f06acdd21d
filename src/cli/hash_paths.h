// Hashing files and directory trees for the CLI commands (`hash`, `match PATH...`): a walker
// thread runs ahead into a bounded buffer, `jobs` workers hash, and records come back in walk
// order. Only hashes and metadata leave the workers; file contents are dropped. Videos
// (recognised by content) are vPDQ-hashed when video options are given; an animated GIF is
// both a picture and a video.
// Thread-safety: on_record runs on the calling thread, one record at a time.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hash/file_hasher.h"
#include "video/video_sniff.h"
#include "video/vpdq_hasher.h"

namespace clearhost::cli {

// One file: its digests and picture hashes, and its vPDQ hash when it is a video.
struct MediaRecord {
  hash::FileHashRecord file;  // a video that is not also a picture has no picture error
  std::optional<Result<video::VideoHash>> video;
  video::VideoContainer container = video::VideoContainer::kUnknown;
};

// Hashes every file under `paths` (directories walked recursively in sorted order) with up to
// `jobs` threads (0 = all cores); videos too when `video` is not null. A path the walk could not
// read arrives as a record whose error is set.
void HashPaths(const std::vector<std::string>& paths, const hash::FileHashOptions& options,
               const video::VideoHashOptions* video, int jobs,
               const std::function<void(const std::string& path, MediaRecord&&)>& on_record);

}  // namespace clearhost::cli
