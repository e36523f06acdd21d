// The JSON shapes of the matching API (/v1/match, /v1/hash): a signal in a request,
// {"type": "pdq", "value": "<hex>", "quality": 90}, and a match in a response. docs/api.md
// describes them.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/status.h"
#include "hash/file_hasher.h"
#include "scan/bank_matcher.h"
#include "server/match_service.h"
#include "video/vpdq_hasher.h"

namespace clearhost::server {

// The most signals one /v1/match request may hold.
inline constexpr size_t kMaxMatchBatch = 10'000;

// One signal object; `where` names it in errors (e.g. "signals[3]"). InvalidArgument for an
// unknown type, a malformed value or a quality outside 0..100.
Result<MatchQuery> ParseSignalJson(const nlohmann::json& json, std::string_view where);

// A /v1/match body: one signal object, or {"signals": [...], "radius": R, "banks": [...]}.
struct MatchRequest {
  std::vector<MatchQuery> queries{};
  MatchRequestOptions options{};
};
Result<MatchRequest> ParseMatchRequest(const nlohmann::json& body);

// {"signal": {...}, "matches": [...]} for one query and its matches.
nlohmann::ordered_json MatchResultJson(const lists::Signal& query,
                                       const std::vector<scan::BankMatch>& matches);

// What /v1/hash answers for a picture (pdq, quality, digests, size) or a video (digests and
// its vPDQ frames).
nlohmann::ordered_json PictureHashJson(const hash::FileHashRecord& record, bool dihedral);
nlohmann::ordered_json VideoHashJson(const hash::FileDigests& digests, uint64_t bytes,
                                     const video::VideoHash& video);

}  // namespace clearhost::server
