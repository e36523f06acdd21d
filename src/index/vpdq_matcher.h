// vPDQ video matching: which known videos a query video matches, frame by frame.
//
// Each video is the set of its unique frame hashes with quality >= min_quality. For a query Q
// and a candidate C:
//   query_percent     = share of Q's frames within max_distance of some frame of C, in %;
//   candidate_percent = share of C's frames within max_distance of some frame of Q, in %;
// and C matches when query_percent >= min_query_percent and candidate_percent >=
// min_candidate_percent (defaults 80 and 0: most of the query is found in the candidate, however
// long the candidate is). "Within" is distance <= max_distance, as everywhere in clearhost; Meta's
// matchTwoHashBrute counts distance < its tolerance, so its 31 is our 30.
// Candidates are found through a HammingIndex over every known video's frames (multi-index
// hashing, exact at any radius), never by comparing the query with every video; the percentages
// are exact. This lives in index/ because it is built on the index; it knows nothing of
// decoding (callers pass frame hashes from video/ or from vPDQ files read by lists/).
// Thread-safety: immutable after Build; Match may be called from any number of threads.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/hash256.h"
#include "core/status.h"
#include "index/hamming_index.h"

namespace clearhost::index {

struct VpdqFrameFeature {
  Hash256 hash;
  int quality = 0;
};

struct VpdqMatchOptions {
  int max_distance = 31;
  int min_quality = 50;
  double min_query_percent = 80;
  double min_candidate_percent = 0;
};

// A known video that shares at least one frame (within max_distance) with the query.
struct VpdqVideoMatch {
  size_t video = 0;  // position in the list given to Build
  double query_percent = 0;
  double candidate_percent = 0;
  bool matched = false;
};

class VpdqMatcher {
 public:
  // Indexes `videos` (each the frames of one known video). A video with no frame of sufficient
  // quality can never match.
  static Result<std::unique_ptr<VpdqMatcher>> Build(
      const std::vector<std::vector<VpdqFrameFeature>>& videos, const VpdqMatchOptions& options);

  // Every known video sharing a frame with `query`, by position; matched ones meet both
  // thresholds. Empty when the query has no frame of sufficient quality.
  std::vector<VpdqVideoMatch> Match(std::span<const VpdqFrameFeature> query) const;

  size_t video_count() const { return unique_frame_counts_.size(); }
  const VpdqMatchOptions& options() const { return options_; }

 private:
  VpdqMatcher(VpdqMatchOptions options, std::unique_ptr<HammingIndex> index,
              std::vector<uint32_t> entry_video, std::vector<uint32_t> unique_frame_counts)
      : options_(options),
        index_(std::move(index)),
        entry_video_(std::move(entry_video)),
        unique_frame_counts_(std::move(unique_frame_counts)) {}

  VpdqMatchOptions options_;
  std::unique_ptr<HammingIndex> index_;  // one entry per unique frame per video; id = position
  std::vector<uint32_t> entry_video_;    // entry id -> video position
  std::vector<uint32_t> unique_frame_counts_;  // per video
};

// The unique hashes of `frames` with quality >= min_quality, sorted.
std::vector<Hash256> UniqueQualityHashes(std::span<const VpdqFrameFeature> frames, int min_quality);

}  // namespace clearhost::index
