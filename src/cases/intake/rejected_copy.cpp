#include "cases/intake/rejected_copy.h"

#include "absl/strings/str_cat.h"
#include "core/ascii_text.h"

namespace clearhost::cases::intake {
namespace {

constexpr size_t kUnparsedKeptBytes = 64 * 1024;

// A header field value with anything that could end the field replaced.
std::string FieldValue(std::string_view value, size_t limit) {
  std::string field;
  for (const char c : value.substr(0, limit)) {
    field.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c);
  }
  return field;
}

bool IsReadable(const MailPart& part) {
  const std::string_view type = part.content_type;
  return type.starts_with("text/") || type == "application/json" || type == "application/xml" ||
         type == "message/feedback-report" || type == "message/delivery-status";
}

// The header block of a message/rfc822 part (up to its first empty line).
std::string_view HeaderBlock(std::string_view message) {
  size_t end = message.find("\r\n\r\n");
  if (end == std::string_view::npos) end = message.find("\n\n");
  return end == std::string_view::npos ? message.substr(0, kUnparsedKeptBytes)
                                       : message.substr(0, end);
}

bool HasBinary(const MailMessage& message) {
  for (const MailPart& part : message.parts) {
    if (!IsReadable(part)) return true;
  }
  return false;
}

}  // namespace

std::string RejectedCopy(std::string_view raw, std::string_view reason, uint64_t total_bytes,
                         const MailLimits& limits) {
  std::string copy = absl::StrCat("X-Clearhost-Rejected: ", FieldValue(reason, 900), "\r\n");
  const bool complete = total_bytes <= raw.size();
  Result<MailMessage> parsed =
      complete ? ParseMailMessage(raw, limits) : absl::InvalidArgumentError("only the beginning");
  if (parsed.ok() && !HasBinary(*parsed)) {
    copy.append(raw);
    return copy;
  }
  if (!parsed.ok()) {
    // Unreadable or too large: the beginning only, and not a byte of binary.
    size_t kept = 0;
    std::string text;
    for (const char c : raw.substr(0, kUnparsedKeptBytes)) {
      const unsigned char byte = static_cast<unsigned char>(c);
      if (byte == 0) break;
      text.push_back(c);
      ++kept;
    }
    absl::StrAppend(&copy, "X-Clearhost-Kept: the first ", kept, " of ", total_bytes, " bytes\r\n",
                    text);
    return copy;
  }
  for (const MailHeader& header : parsed->headers) {
    const std::string name = LowerAscii(header.name);
    if (name == "content-type" || name == "content-transfer-encoding" || name == "mime-version") {
      continue;
    }
    absl::StrAppend(&copy, header.name, ": ", FieldValue(header.value, 4000), "\r\n");
  }
  absl::StrAppend(&copy,
                  "X-Clearhost-Kept: readable parts only; attachments removed (clearhost keeps "
                  "no content)\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; "
                  "charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
  for (const MailPart& part : parsed->parts) {
    if (part.content_type == "message/rfc822") {
      absl::StrAppend(&copy, "[copy of a message, its header only]\r\n",
                      std::string(HeaderBlock(part.body)), "\r\n\r\n");
    } else if (IsReadable(part)) {
      absl::StrAppend(&copy, "[", part.content_type, "]\r\n", part.body, "\r\n\r\n");
    } else {
      absl::StrAppend(
          &copy, "[attachment not kept: ", part.content_type, ", ", part.body.size(), " bytes",
          part.filename.empty() ? "" : absl::StrCat(", \"", FieldValue(part.filename, 200), "\""),
          "]\r\n\r\n");
    }
  }
  return copy;
}

}  // namespace clearhost::cases::intake
