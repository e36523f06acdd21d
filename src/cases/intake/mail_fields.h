// The structure of an Internet message entity's header (RFC 5322 section 2.2, RFC 2045, RFC
// 2231): splitting it into unfolded fields, and reading a Content-Type or Content-Disposition
// value into its type and parameters. Also used for the "Name: value" blocks of ARF and XARF v3
// reports.
// Thread-safety: pure functions over values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cases/intake/mail_message.h"

namespace clearhost::cases::intake {

// The fields of a header block (lines ending in LF or CRLF, no empty line inside): each line
// with a colon starts a field, lines starting with a space or tab continue it (unfolded by
// dropping the line break), other lines are skipped. Values are trimmed but not decoded.
std::vector<MailHeader> SplitHeaderFields(std::string_view block);

struct StructuredValue {
  std::string value;  // lowercase, e.g. "multipart/mixed" or "attachment"
  MailParameters parameters;
};

// A Content-Type or Content-Disposition value: the value before the first ";", then
// parameters, quoted strings unquoted, RFC 2231 sections joined and decoded, RFC 2047 encoded
// words in plain values decoded. Parameters without "=" are skipped.
StructuredValue ParseStructuredValue(std::string_view raw);

}  // namespace clearhost::cases::intake
