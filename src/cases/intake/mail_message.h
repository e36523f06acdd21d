// An Internet message (RFC 5322 with MIME, RFC 2045-2049) as the abuse desk receives it from the
// MTA, parsed into what notice intake needs: the top-level header fields with RFC 2047 encoded
// words decoded to UTF-8, and every leaf part (multiparts flattened, nested ones too) with its
// transfer encoding (base64, quoted-printable, 7bit/8bit/binary) undone and, for text parts,
// its charset converted to UTF-8. A message/rfc822 or text/rfc822-headers part (the copy of the
// original that ARF reports carry) stays one leaf with its raw text.
//
// Parsing is lenient where real mail is sloppy (LF line ends, a missing closing boundary, an
// unknown charset read as Latin-1, bad base64 characters skipped) and strict where the input is
// not a message at all or exceeds the limits: InvalidArgument naming the problem.
// Thread-safety: pure functions over values.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace clearhost::cases::intake {

struct MailHeader {
  std::string name;   // as written, e.g. "Subject"
  std::string value;  // unfolded, surrounding whitespace trimmed, encoded words decoded (UTF-8)
};

// Content-Type parameters: (lowercase name, value) with quotes removed and RFC 2231
// continuations and charsets decoded to UTF-8.
using MailParameters = std::vector<std::pair<std::string, std::string>>;

struct MailPart {
  std::vector<MailHeader> headers;  // the part's own header fields
  std::string content_type;         // lowercase "type/subtype"; "text/plain" when absent
  MailParameters parameters;
  std::string filename;  // Content-Disposition filename, else Content-Type name; "" if none
  std::string body;      // decoded; text/* parts in UTF-8 (invalid sequences become U+FFFD)
};

struct MailMessage {
  std::vector<MailHeader> headers;  // the top-level header fields, in order
  std::string content_type;         // the top-level type, lowercase, e.g. "multipart/report"
  MailParameters parameters;        // the top-level Content-Type parameters
  std::vector<MailPart> parts;      // leaf parts in document order; at least one
};

struct MailLimits {
  size_t max_message_bytes = size_t{32} << 20;
  size_t max_header_bytes = size_t{1} << 20;  // all header fields of one entity together
  int max_nesting = 8;                        // multipart depth
  size_t max_parts = 256;                     // leaf parts
};

// Parses `raw` (CRLF or LF line ends). InvalidArgument when it is larger than the limits, has
// no header field before the first empty line, or nests or splits beyond the limits.
Result<MailMessage> ParseMailMessage(std::string_view raw, const MailLimits& limits = {});

// The value of the first field named `name` (ASCII case-insensitive), "" when absent.
std::string_view FindHeader(const std::vector<MailHeader>& headers, std::string_view name);

// The value of parameter `name` (lowercase), "" when absent.
std::string_view FindParameter(const MailParameters& parameters, std::string_view name);

// Decodes RFC 2047 encoded words in an unstructured header value to UTF-8 (charsets UTF-8,
// US-ASCII, ISO-8859-1, ISO-8859-15, Windows-1252, and anything iconv knows); other bytes
// >= 0x80 are read as UTF-8 when valid, else as Latin-1.
std::string DecodeHeaderValue(std::string_view value);

// `text` in `charset` (case-insensitive; "" means US-ASCII) as UTF-8; an unknown charset is
// read as Latin-1, invalid sequences become U+FFFD.
std::string ToUtf8(std::string_view text, std::string_view charset);

}  // namespace clearhost::cases::intake
