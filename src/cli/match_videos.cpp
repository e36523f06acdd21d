#include "cli/match_videos.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "cli/hash_output.h"
#include "core/file_walk.h"
#include "core/mapped_file.h"
#include "lists/vpdq_file.h"
#include "video/video_sniff.h"

namespace clearhost::cli {
namespace {

struct VideoFrames {
  std::string path;
  std::vector<index::VpdqFrameFeature> frames;
};

// The frames of a vPDQ per-frame file; bad lines are reported and skipped, as lists do.
Result<std::vector<index::VpdqFrameFeature>> ReadVpdqFrames(const std::string& path,
                                                            std::span<const uint8_t> bytes,
                                                            bool& all_ok) {
  std::vector<index::VpdqFrameFeature> frames;
  lists::VpdqFileParser parser(
      path, {.on_frame =
                 [&frames](const lists::VpdqFrame& frame, uint64_t) {
                   frames.push_back({frame.pdq, frame.quality});
                   return absl::OkStatus();
                 },
             .on_problem =
                 [&](const lists::ListProblem& problem) {
                   all_ok = false;
                   std::fprintf(stderr, "clearhost match: %s:%llu: %s\n", path.c_str(),
                                static_cast<unsigned long long>(problem.line),
                                problem.message.c_str());
                 }});
  CLEARHOST_RETURN_IF_ERROR(parser.Feed(bytes));
  CLEARHOST_ASSIGN_OR_RETURN(const lists::ListSummary summary, parser.Finish());
  if (summary.records == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": neither a video nor a vPDQ file with frames"));
  }
  return frames;
}

// A video (hashed) or a vPDQ per-frame file, by content.
Result<std::vector<index::VpdqFrameFeature>> LoadFrames(const std::string& path,
                                                        const video::VideoHashOptions& options,
                                                        bool& all_ok) {
  CLEARHOST_ASSIGN_OR_RETURN(auto mapped, MappedFile::Open(path));
  if (!video::LooksLikeVideo(mapped->bytes())) {
    return ReadVpdqFrames(path, mapped->bytes(), all_ok);
  }
  CLEARHOST_ASSIGN_OR_RETURN(const video::VideoHash hashed,
                             video::HashVideoBytes(mapped->bytes(), path, options));
  std::vector<index::VpdqFrameFeature> frames;
  for (const video::VideoFrameHash& frame : hashed.frames) {
    frames.push_back({frame.pdq, frame.quality});
  }
  return frames;
}

// Calls `on_video` for every file under `paths`; failures are reported and skipped.
void ForEachVideo(
    const std::vector<std::string>& paths, const video::VideoHashOptions& options, bool& all_ok,
    const std::function<void(const std::string&, Result<std::vector<index::VpdqFrameFeature>>)>&
        on_video) {
  const std::vector<std::filesystem::path> roots(paths.begin(), paths.end());
  WalkPaths(roots, [&](const std::filesystem::path& path, const Status& problem) {
    if (!problem.ok()) {
      on_video(path.string(),
               Status(problem.code(), absl::StrCat(path.string(), ": ", problem.message())));
    } else {
      on_video(path.string(), LoadFrames(path.string(), options, all_ok));
    }
    return true;
  });
}

double Percent(double value) {
  return std::round(value * 100) / 100;
}

}  // namespace

int RunVideoMatch(const VideoMatchArguments& arguments) {
  bool all_ok = true;
  auto report = [&all_ok](const Status& error) {
    all_ok = false;
    std::fprintf(stderr, "clearhost match: %s\n", std::string(error.message()).c_str());
  };
  std::vector<std::string> known_paths;
  std::vector<std::vector<index::VpdqFrameFeature>> known;
  ForEachVideo(arguments.known, arguments.video, all_ok,
               [&](const std::string& path, Result<std::vector<index::VpdqFrameFeature>> frames) {
                 if (!frames.ok()) return report(frames.status());
                 known_paths.push_back(path);
                 known.push_back(*std::move(frames));
               });
  auto matcher = index::VpdqMatcher::Build(known, arguments.match);
  if (!matcher.ok()) {
    report(matcher.status());
    return 1;
  }
  ForEachVideo(
      arguments.queries, arguments.video, all_ok,
      [&](const std::string& path, Result<std::vector<index::VpdqFrameFeature>> frames) {
        nlohmann::ordered_json line = {{"query", path}};
        if (!frames.ok()) {
          report(frames.status());
          line["error"] = std::string(frames.status().message());
          line["error_code"] = StatusCodeName(frames.status());
        } else {
          line["frames"] = index::UniqueQualityHashes(*frames, arguments.match.min_quality).size();
          bool any = false;
          nlohmann::ordered_json matches = nlohmann::ordered_json::array();
          for (const index::VpdqVideoMatch& match : (*matcher)->Match(*frames)) {
            matches.push_back({{"video", known_paths[match.video]},
                               {"query_percent", Percent(match.query_percent)},
                               {"candidate_percent", Percent(match.candidate_percent)},
                               {"matched", match.matched}});
            any |= match.matched;
          }
          line["matched"] = any;
          line["matches"] = std::move(matches);
        }
        std::printf("%s\n",
                    line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      });
  std::fflush(stdout);
  return all_ok ? 0 : 1;
}

}  // namespace clearhost::cli
