// Dates as abuse reports write them: RFC 5322 date-times ("Tue, 24 Nov 2026 10:00:00 +0100",
// with the obsolete zone names of section 4.3) and ISO 8601 / RFC 3339 timestamps
// ("2026-11-24T09:00:00Z", "2026-11-24T10:00:00.5+01:00"), both as Unix microseconds UTC.
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/status.h"

namespace clearhost::cases::intake {

// An RFC 5322 date-time: optional day name, day, month name, year (two- and three-digit years
// as section 4.3 says), hh:mm[:ss], zone (+hhmm, -hhmm, UT, GMT, Z, EST...PDT, military letters
// as +0000); trailing comments are ignored. InvalidArgument otherwise.
Result<int64_t> ParseMailDate(std::string_view text);

// An ISO 8601 date-time with a zone: YYYY-MM-DD, "T" (or a space), hh:mm:ss, optional fraction,
// then "Z" or an offset (+hh:mm, +hhmm, +hh). InvalidArgument otherwise, also without a zone.
Result<int64_t> ParseIsoTimestamp(std::string_view text);

}  // namespace clearhost::cases::intake
