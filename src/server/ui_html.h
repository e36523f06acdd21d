// Text for the dashboard's HTML pages: escaping of everything that comes from data (case fields,
// bank names, error messages) before it goes into an element or an attribute value, and the
// wording of durations and deadlines ("overdue by 3 h 10 min", "5 h 2 min left").
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace clearhost::server {

// `text` safe in HTML element content and in double- or single-quoted attribute values: &, <,
// >, " and ' become character references, control characters other than tab and newline are
// dropped (the SVG charts' escaping, stats::XmlEscape, which HTML5 reads the same).
std::string HtmlEscape(std::string_view text);

// Unix microseconds as "2026-11-29 10:00 UTC" (to the minute).
std::string MinuteText(int64_t micros);

// A duration in whole minutes, rounded down: "3 h 10 min", "45 min", "27 h 0 min"; under a
// minute is "< 1 min". Negative durations are written as their absolute value.
std::string DurationText(int64_t micros);

// How a deadline stands at `now`: "overdue by 3 h 10 min" once it has passed (or is now),
// otherwise "5 h 2 min left".
std::string DeadlineText(int64_t deadline, int64_t now);

}  // namespace clearhost::server
