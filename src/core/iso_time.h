// Timestamps as people and APIs read them: Unix microseconds (UTC, how the store keeps time)
// as RFC 3339 text, in UTC and in the machine's local time zone.
// Thread-safety: reentrant (localtime_r).
#pragma once

#include <cstdint>
#include <string>

namespace clearhost {

// "2026-11-29T08:42:41.123456Z".
std::string IsoTime(int64_t micros);

// The same instant in the local time zone, with its offset: "2026-11-29T09:42:41+01:00"
// (whole seconds).
std::string LocalIsoTime(int64_t micros);

}  // namespace clearhost
