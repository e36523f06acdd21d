// What the abuse report parsers (abuse_report.h) share: their error shape, URL de-duplication,
// hash normalisation and the description limit.
// Thread-safety: pure functions over values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cases/intake/abuse_report.h"

namespace clearhost::cases::intake {

inline constexpr size_t kMaxDescriptionBytes = 16 * 1024;

// InvalidArgument "<format>: <field>: <problem>", e.g. "ARF: Version: required".
Status ReportError(std::string_view format, std::string_view field, std::string_view problem);

// Sets report.urls to `urls` trimmed, without empty ones and repeats, in first-seen order.
void SetUrls(const std::vector<std::string>& urls, AbuseReport& report);

// Adds a hash when `type` names pdq, md5, sha1 or sha256 (any case, "-" and "_" ignored, so
// "SHA-256" counts) and `value` is that many hex digits; stores both lowercase. Others are
// ignored: the report's other hash kinds mean nothing to clearhost. Repeats are dropped, and
// past kMaxNoticeHashes + 1 hashes the rest too.
void AddHash(std::string_view type, std::string_view value, AbuseReport& report);

// `text` trimmed and cut to kMaxDescriptionBytes at a UTF-8 character boundary.
std::string LimitDescription(std::string_view text);

// `value` without one pair of matching surrounding double or single quotes.
std::string_view Unquoted(std::string_view value);

}  // namespace clearhost::cases::intake
