// The byte-level encodings of Internet mail (RFC 2045, 2047, 2231): base64 and quoted-printable
// transfer encodings, the percent-encoding of RFC 2231 parameter values, and UTF-8 checking.
// Charset conversion (ToUtf8) and encoded-word decoding (DecodeHeaderValue) are declared in
// mail_message.h and built on these.
// Thread-safety: pure functions over values.
#pragma once

#include <string>
#include <string_view>

namespace clearhost::cases::intake {

// Base64 to bytes; whitespace, padding and characters outside the alphabet are skipped.
std::string DecodeBase64(std::string_view text);

// Quoted-printable to bytes: "=XX" escapes, soft line breaks ("=" at a line end) removed,
// trailing whitespace on lines dropped; a "=" not followed by two hex digits stays as is. With
// `underscore_is_space` (RFC 2047 Q encoding) "_" is a space.
std::string DecodeQuotedPrintable(std::string_view text, bool underscore_is_space = false);

// RFC 2231 "%XX" escapes to bytes; a "%" not followed by two hex digits stays as is.
std::string DecodePercent(std::string_view text);

// `bytes` with every invalid UTF-8 sequence (overlong forms, surrogates, truncated sequences)
// replaced by U+FFFD.
std::string ValidUtf8(std::string_view bytes);

// Whether `bytes` is valid UTF-8.
bool IsValidUtf8(std::string_view bytes);

}  // namespace clearhost::cases::intake
