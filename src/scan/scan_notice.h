// The scanner's notice action: a file with an acted-on match becomes a case in the
// notice-and-takedown service (POST /v1/notices on a `clearhost serve`, source_type
// proactive_match, automated detection), naming the file's public URL, the matched hashes and
// the lists they matched. The reference is derived from the file's SHA-256 and path, so a
// repeated scan (or a retried POST) finds the case it opened instead of opening another.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace clearhost::scan {

// (path prefix, URL prefix) pairs: /srv/www/shop1/ -> https://shop1.example/.
using UrlMap = std::vector<std::pair<std::string, std::string>>;

// The public URL of the file at `path`: the first pair whose path prefix `path` starts with
// (at a '/' boundary), the rest of the path appended percent-encoded. NotFound when no pair
// applies.
Result<std::string> PublicUrl(const std::string& path, const UrlMap& url_map);

// The body of POST /v1/notices for a file (`sha256`, its public `url`) and its acted-on
// `matches` (the scanner's match descriptions: path, signal_type, signal, match, distance,
// source).
nlohmann::json NoticeBody(const std::string& path, const std::string& sha256,
                          const std::string& url, const nlohmann::json& matches);

}  // namespace clearhost::scan
