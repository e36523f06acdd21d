// The MIME transfer encodings the outbound mails use: quoted-printable (RFC 2045 6.7) for the
// text part, base64 in 76-character lines for attachments, and RFC 2047 "B" encoded-words for
// non-ASCII header text. Private to cases/outbound.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clearhost::cases::outbound {

// `text` (lines ending in LF, CRLF or CR) as quoted-printable: CRLF line ends, no line longer
// than 76 characters, trailing spaces and every byte outside printable ASCII encoded. Ends with
// CRLF unless `text` is empty.
std::string QuotedPrintable(std::string_view text);

// `bytes` in base64, in lines of 76 characters, each ending in CRLF.
std::string Base64Lines(std::string_view bytes);

// `utf8` as RFC 2047 encoded-words "=?UTF-8?B?...?=", each at most 64 characters, never
// splitting a UTF-8 sequence; to be joined with CRLF SP (folding whitespace).
std::vector<std::string> EncodedWords(std::string_view utf8);

// Whether every byte is printable ASCII or a space.
bool IsPrintableAscii(std::string_view text);

}  // namespace clearhost::cases::outbound
