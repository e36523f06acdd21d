// `clearhost match --videos KNOWN... [options] QUERY...`: vPDQ video matching. Known videos and
// queries are videos (hashed here) or vPDQ per-frame files, told apart by content; directories
// are walked. Prints one JSON object per query with every known video that shares a frame with
// it (query_percent, candidate_percent, matched); index/vpdq_matcher.h defines the measure.
#pragma once

#include <string>
#include <vector>

#include "index/vpdq_matcher.h"
#include "video/vpdq_hasher.h"

namespace clearhost::cli {

struct VideoMatchArguments {
  std::vector<std::string> known;
  std::vector<std::string> queries;
  index::VpdqMatchOptions match;
  video::VideoHashOptions video;
};

// Returns the exit code: 0 all inputs read, 1 some failed (reported on stderr; the rest run).
int RunVideoMatch(const VideoMatchArguments& arguments);

}  // namespace clearhost::cli
