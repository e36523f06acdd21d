// Small text helpers shared by the list readers: trimming, quoting bad input for messages, the
// byte order mark, and tokens of the list formats (comments, type names).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "lists/signal_type.h"

namespace clearhost::lists {

inline constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

// `text` without leading and trailing spaces and tabs.
std::string_view TrimSpacesAndTabs(std::string_view text);

// `text` quoted for a message: C escapes for unprintable bytes, cut after 40 bytes.
std::string QuoteForMessage(std::string_view text);

// The text of a line as the readers see it: without the byte order mark on line 1 and without
// one trailing CR (so CRLF files read as LF files).
std::string_view LineText(std::string_view line, uint64_t line_number);

// "pdq, md5, sha1, sha256": every known type's name, for messages.
std::string KnownTypeNames();

// The signal type a ThreatExchange or CSV line names: a type name in any case, or `video_md5`
// (ThreatExchange's name for MD5) as md5. InvalidArgument says what is wrong (vpdq names a
// per-frame file, not one hash).
Result<SignalType> ParseExchangeSignalTypeName(std::string_view name);

// The name of `type` as a std::string (absl::StrCat takes no std::string_view here).
std::string TypeName(SignalType type);

// A problem message for a NUL byte in a line, or empty when `line` holds none.
std::string NulByteProblem(std::string_view line);

}  // namespace clearhost::lists
