#include "cases/intake/mail_message.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cases/intake/mail_encodings.h"
#include "cases/intake/mail_fields.h"
#include "core/ascii_text.h"

namespace clearhost::cases::intake {
namespace {

// However large MailLimits::max_nesting is, recursion stops here (the stack is finite).
constexpr int kMaxNestingCap = 64;

Status MailError(std::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("mail message: ", std::string(problem)));
}

// An entity (the message or a body part) split at its first empty line.
struct Entity {
  std::string_view header;
  std::string_view body;
};

Entity SplitEntity(std::string_view text) {
  size_t line_start = 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) break;
    const std::string_view line = text.substr(line_start, line_end - line_start);
    if (line.empty() || line == "\r") {
      return {text.substr(0, line_start), text.substr(line_end + 1)};
    }
    line_start = line_end + 1;
  }
  return {text, {}};
}

// The text of each body part of a multipart body: what lies between "--boundary" lines, up to
// "--boundary--" or the end. The line break before a delimiter belongs to the delimiter. Stops
// after `max_parts` + 1 parts: more fail the parts limit anyway.
std::vector<std::string_view> SplitMultipart(std::string_view body, std::string_view boundary,
                                             size_t max_parts) {
  const std::string delimiter = absl::StrCat("--", std::string(boundary));
  std::vector<std::string_view> parts;
  size_t part_start = std::string_view::npos;  // npos while in the preamble
  size_t line_start = 0;
  while (line_start < body.size()) {
    size_t line_end = body.find('\n', line_start);
    const size_t next_line = line_end == std::string_view::npos ? body.size() : line_end + 1;
    if (line_end == std::string_view::npos) line_end = body.size();
    const std::string_view line = body.substr(line_start, line_end - line_start);
    if (line.starts_with(delimiter)) {
      std::string_view rest = line.substr(delimiter.size());
      const bool closing = rest.starts_with("--");
      if (closing) rest.remove_prefix(2);
      if (TrimAscii(rest).empty()) {
        if (part_start != std::string_view::npos) {
          size_t part_end = line_start;
          if (part_end > part_start && body[part_end - 1] == '\n') --part_end;
          if (part_end > part_start && body[part_end - 1] == '\r') --part_end;
          parts.push_back(body.substr(part_start, part_end - part_start));
        }
        if (closing || parts.size() > max_parts) return parts;
        part_start = next_line;
      }
    }
    line_start = next_line;
  }
  if (part_start != std::string_view::npos) parts.push_back(body.substr(part_start));
  return parts;
}

std::vector<MailHeader> DecodeHeaders(const std::vector<MailHeader>& raw_headers) {
  std::vector<MailHeader> headers;
  headers.reserve(raw_headers.size());
  for (const MailHeader& raw : raw_headers) {
    headers.push_back({raw.name, DecodeHeaderValue(raw.value)});
  }
  return headers;
}

// What the top-level entity's header says.
struct TopLevel {
  std::vector<MailHeader> raw_headers;
  StructuredValue type;
};

class MailParser {
 public:
  explicit MailParser(const MailLimits& limits) : limits_(limits) {}

  // Parses `text` as an entity whose content type defaults to `default_type`, appending its
  // leaves to `parts`. `depth` counts the enclosing multiparts.
  Status ParseEntity(std::string_view text, std::string_view default_type, int depth,
                     std::vector<MailPart>& parts, TopLevel* top) {
    const Entity entity = SplitEntity(text);
    if (entity.header.size() > limits_.max_header_bytes) {
      return MailError(absl::StrCat("a header of ", entity.header.size(), " bytes, over the ",
                                    limits_.max_header_bytes, "-byte limit"));
    }
    const std::vector<MailHeader> raw_headers = SplitHeaderFields(entity.header);
    StructuredValue type = ParseStructuredValue(FindHeader(raw_headers, "Content-Type"));
    if (type.value.find('/') == std::string::npos) {
      type = StructuredValue{std::string(default_type), {}};
    }
    if (top != nullptr) *top = {raw_headers, type};
    const std::string_view boundary = FindParameter(type.parameters, "boundary");
    if (type.value.starts_with("multipart/") && !boundary.empty()) {
      const int max_nesting = std::min(limits_.max_nesting, kMaxNestingCap);
      if (depth >= max_nesting) {
        return MailError(absl::StrCat("multipart nesting deeper than the limit of ", max_nesting));
      }
      const std::vector<std::string_view> bodies =
          SplitMultipart(entity.body, boundary, limits_.max_parts);
      const std::string_view child_default =
          type.value == "multipart/digest" ? "message/rfc822" : "text/plain";
      for (const std::string_view child : bodies) {
        CLEARHOST_RETURN_IF_ERROR(ParseEntity(child, child_default, depth + 1, parts, nullptr));
      }
      if (!bodies.empty()) return Status();
      // A multipart without any body part: its text as one plain leaf.
      type = StructuredValue{"text/plain", {}};
    }
    if (parts.size() >= limits_.max_parts) {
      return MailError(absl::StrCat("more than the limit of ", limits_.max_parts, " parts"));
    }
    parts.push_back(MakeLeaf(raw_headers, std::move(type), entity.body));
    return Status();
  }

 private:
  static MailPart MakeLeaf(const std::vector<MailHeader>& raw_headers, StructuredValue type,
                           std::string_view body) {
    MailPart part;
    part.headers = DecodeHeaders(raw_headers);
    part.content_type = std::move(type.value);
    part.parameters = std::move(type.parameters);
    const StructuredValue disposition =
        ParseStructuredValue(FindHeader(raw_headers, "Content-Disposition"));
    part.filename = std::string(FindParameter(disposition.parameters, "filename"));
    if (part.filename.empty()) part.filename = std::string(FindParameter(part.parameters, "name"));
    const std::string encoding =
        LowerAscii(TrimAscii(FindHeader(raw_headers, "Content-Transfer-Encoding")));
    if (encoding == "base64") {
      part.body = DecodeBase64(body);
    } else if (encoding == "quoted-printable") {
      part.body = DecodeQuotedPrintable(body);
    } else {
      part.body = std::string(body);
    }
    // The original message an ARF report quotes keeps its own bytes.
    if (part.content_type.starts_with("text/") && part.content_type != "text/rfc822-headers") {
      part.body = ToUtf8(part.body, FindParameter(part.parameters, "charset"));
    }
    return part;
  }

  const MailLimits& limits_;
};

}  // namespace

Result<MailMessage> ParseMailMessage(std::string_view raw, const MailLimits& limits) {
  if (raw.size() > limits.max_message_bytes) {
    return MailError(
        absl::StrCat(raw.size(), " bytes, over the ", limits.max_message_bytes, "-byte limit"));
  }
  MailMessage message;
  TopLevel top;
  MailParser parser(limits);
  CLEARHOST_RETURN_IF_ERROR(parser.ParseEntity(raw, "text/plain", 0, message.parts, &top));
  if (top.raw_headers.empty()) return MailError("no header fields before the body");
  message.headers = DecodeHeaders(top.raw_headers);
  message.content_type = std::move(top.type.value);
  message.parameters = std::move(top.type.parameters);
  return message;
}

std::string_view FindHeader(const std::vector<MailHeader>& headers, std::string_view name) {
  for (const MailHeader& header : headers) {
    if (EqualsIgnoreCase(header.name, name)) return header.value;
  }
  return {};
}

std::string_view FindParameter(const MailParameters& parameters, std::string_view name) {
  for (const auto& [parameter_name, value] : parameters) {
    if (parameter_name == name) return value;
  }
  return {};
}

}  // namespace clearhost::cases::intake
