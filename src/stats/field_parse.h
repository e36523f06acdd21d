// Parsing the typed fields of the stats inputs: counts with thousands separators, years,
// ISO 3166 country codes and UTC timestamps. Each returns an InvalidArgument error whose message
// says what is wrong with the field (the caller adds file and line).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/ascii_text.h"
#include "core/status.h"

namespace clearhost::stats {

// Largest count accepted: far above any real count, and small enough that count * 10000 and
// sums of counts stay exact in a double and in an int64.
inline constexpr int64_t kMaxCount = int64_t{1} << 40;

// A non-negative integer count, digits with optional "," thousands separators in groups of
// three ("1,234,567"), surrounding spaces ignored. Errors: empty, negative, not a number,
// misplaced separators, over kMaxCount.
Result<int64_t> ParseCount(std::string_view field);

// A year from 1900 to 2200.
Result<int> ParseYear(std::string_view field);

// An ISO 3166-1 code as written: two or three ASCII letters (returned in upper case).
Result<std::string> ParseCountryCode(std::string_view field);

// Seconds since 1970-01-01T00:00:00Z from an ISO 8601 / RFC 3339 timestamp:
// YYYY-MM-DD[(T| )HH:MM[:SS[.fraction]]][Z|(+|-)HH:MM]; no zone means UTC; the fraction is
// dropped; a date alone is its midnight.
Result<int64_t> ParseTimestamp(std::string_view field);

// An AS number: 1 to 10 digits, at most 4294967295, surrounding spaces ignored.
Result<uint32_t> ParseAsNumber(std::string_view field);

// The inverse for whole seconds: "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatTimestamp(int64_t seconds);

}  // namespace clearhost::stats
