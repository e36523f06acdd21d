// Composes the outbound e-mails (RFC 5322 + MIME): a readable UTF-8 text part and, for notices,
// the XARF v4 JSON as an attachment (X-XARF: PLAIN). Every header value is checked before it is
// written: a CR, LF or other control character in an address, subject or id is refused
// (header injection), never written or silently stripped; non-ASCII subjects are RFC 2047
// encoded; the text part is quoted-printable with CRLF line ends.
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace clearhost::cases::outbound {

struct OutboundMail {
  std::string from;             // addr-spec, e.g. "abuse@example.net"
  std::string from_name;        // display name ("" = none), may be non-ASCII
  std::vector<std::string> to;  // at least one addr-spec
  std::vector<std::string> cc;
  std::string subject;      // UTF-8
  std::string text;         // UTF-8 body text
  std::string xarf_json;    // "" = no attachment
  std::string message_id;   // without angle brackets, e.g. "case-12.3@example.net"
  std::string in_reply_to;  // "" = none (re-notices refer to the first notice)
  int64_t date = 0;         // Unix microseconds
};

// Whether `address` is a plain addr-spec (local@domain, printable ASCII without spaces,
// brackets or control characters); the error names it.
Status ValidateMailAddress(std::string_view address);

// The whole message, CRLF line ends, ready for SMTP DATA. InvalidArgument naming the field
// for a bad address, an empty recipient list, or a control character in a header value.
Result<std::string> ComposeMail(const OutboundMail& mail);

}  // namespace clearhost::cases::outbound
