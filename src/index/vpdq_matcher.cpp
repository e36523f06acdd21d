#include "index/vpdq_matcher.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace clearhost::index {

std::vector<Hash256> UniqueQualityHashes(std::span<const VpdqFrameFeature> frames,
                                         int min_quality) {
  std::vector<Hash256> hashes;
  for (const VpdqFrameFeature& frame : frames) {
    if (frame.quality >= min_quality) hashes.push_back(frame.hash);
  }
  std::sort(hashes.begin(), hashes.end(),
            [](const Hash256& a, const Hash256& b) { return a.words() < b.words(); });
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  return hashes;
}

Result<std::unique_ptr<VpdqMatcher>> VpdqMatcher::Build(
    const std::vector<std::vector<VpdqFrameFeature>>& videos, const VpdqMatchOptions& options) {
  if (options.max_distance < 0 || options.max_distance > 256) {
    return absl::InvalidArgumentError(
        absl::StrCat("vPDQ match distance must be 0..256, not ", options.max_distance));
  }
  std::vector<Hash256> hashes;
  std::vector<uint64_t> ids;
  std::vector<uint32_t> entry_video;
  std::vector<uint32_t> counts;
  for (size_t video = 0; video < videos.size(); ++video) {
    const std::vector<Hash256> unique = UniqueQualityHashes(videos[video], options.min_quality);
    counts.push_back(uint32_t(unique.size()));
    for (const Hash256& hash : unique) {
      hashes.push_back(hash);
      ids.push_back(ids.size());
      entry_video.push_back(uint32_t(video));
    }
  }
  CLEARHOST_ASSIGN_OR_RETURN(auto index, HammingIndex::Build(hashes, ids, {}));
  return std::unique_ptr<VpdqMatcher>(
      new VpdqMatcher(options, std::move(index), std::move(entry_video), std::move(counts)));
}

std::vector<VpdqVideoMatch> VpdqMatcher::Match(std::span<const VpdqFrameFeature> query) const {
  const std::vector<Hash256> frames = UniqueQualityHashes(query, options_.min_quality);
  if (frames.empty()) return {};
  const auto snapshot = index_->snapshot();
  // Per candidate video: query frames with a near frame in it; its frames near a query frame.
  struct Counts {
    uint32_t query_frames = 0;
    uint32_t candidate_frames = 0;
  };
  absl::flat_hash_map<uint32_t, Counts> counts;
  absl::flat_hash_set<uint64_t> candidate_frames_seen;  // entry ids near some query frame
  std::vector<index::Match> matches;
  std::vector<uint32_t> videos_of_frame;
  for (const Hash256& frame : frames) {
    matches.clear();
    snapshot->Search(frame, options_.max_distance, matches);
    videos_of_frame.clear();
    for (const index::Match& match : matches) {
      const uint32_t video = entry_video_[match.id];
      videos_of_frame.push_back(video);
      if (candidate_frames_seen.insert(match.id).second) ++counts[video].candidate_frames;
    }
    std::sort(videos_of_frame.begin(), videos_of_frame.end());
    videos_of_frame.erase(std::unique(videos_of_frame.begin(), videos_of_frame.end()),
                          videos_of_frame.end());
    for (uint32_t video : videos_of_frame) ++counts[video].query_frames;
  }
  std::vector<VpdqVideoMatch> result;
  for (const auto& [video, count] : counts) {
    VpdqVideoMatch match;
    match.video = video;
    match.query_percent = 100.0 * count.query_frames / double(frames.size());
    match.candidate_percent = 100.0 * count.candidate_frames / double(unique_frame_counts_[video]);
    match.matched = match.query_percent >= options_.min_query_percent &&
                    match.candidate_percent >= options_.min_candidate_percent;
    result.push_back(match);
  }
  std::sort(result.begin(), result.end(),
            [](const VpdqVideoMatch& a, const VpdqVideoMatch& b) { return a.video < b.video; });
  return result;
}

}  // namespace clearhost::index
