// ParseTextNotice: a hotline's plain-text e-mail. URLs anywhere in the text; the rest from
// "Label: value" lines, labels matched ignoring case, "-" and "_" read as spaces:
//   IP: 192.0.2.1               (also "IP address", "IP-adres", "IP adres", "IPv4", "IPv6")
//   Reference: HL-2026-0042     (also "Ref", "Report ID", "Kenmerk", "Referentie")
//   SHA-256: 9f86d0...          (also "MD5", "SHA-1", "SHA1", "PDQ")
//   Date: Tue, 24 Nov 2026 10:00:00 +0100   (also "Datum"; RFC 5322 or ISO 8601, optional)
#include <arpa/inet.h>

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "cases/intake/abuse_report.h"
#include "cases/intake/mail_date.h"
#include "cases/intake/report_common.h"
#include "core/ascii_text.h"

namespace clearhost::cases::intake {
namespace {

constexpr size_t kMaxReferenceBytes = 256;

bool EndsUrl(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte <= 0x20 || byte == 0x7F || c == '<' || c == '>' || c == '"' || c == '\'';
}

bool IsTrailingPunctuation(char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == ')' || c == '!' || c == '?';
}

// Every http:// and https:// URL in `text`, ending at whitespace, angle brackets or quotes,
// without trailing sentence punctuation.
std::vector<std::string> FindUrls(std::string_view text) {
  const std::string lower = LowerAscii(text);
  std::vector<std::string> urls;
  size_t position = 0;
  while ((position = lower.find("http", position)) != std::string::npos) {
    size_t scheme_end = 0;
    if (std::string_view(lower).substr(position, 7) == "http://") {
      scheme_end = position + 7;
    } else if (std::string_view(lower).substr(position, 8) == "https://") {
      scheme_end = position + 8;
    } else {
      position += 4;
      continue;
    }
    size_t end = scheme_end;
    while (end < text.size() && !EndsUrl(text[end])) ++end;
    size_t trimmed_end = end;
    while (trimmed_end > scheme_end && IsTrailingPunctuation(text[trimmed_end - 1])) --trimmed_end;
    if (trimmed_end > scheme_end) urls.emplace_back(text.substr(position, trimmed_end - position));
    position = end;
  }
  return urls;
}

// "IP-adres" as "ip adres": lowercase, "-" and "_" as spaces, runs of spaces as one.
std::string NormalizeLabel(std::string_view label) {
  std::string normalized;
  for (const char c : TrimAscii(label)) {
    const char mapped = (c == '-' || c == '_' || c == '\t') ? ' ' : absl::ascii_tolower(c);
    if (mapped == ' ' && (normalized.empty() || normalized.back() == ' ')) continue;
    normalized.push_back(mapped);
  }
  return normalized;
}

bool IsIpLabel(std::string_view label) {
  return label == "ip" || label == "ip address" || label == "ip adres" || label == "ip addr" ||
         label == "ipv4" || label == "ipv6" || label == "ipv4 address" || label == "ipv6 address";
}

bool IsReferenceLabel(std::string_view label) {
  return label == "reference" || label == "ref" || label == "ref." || label == "report id" ||
         label == "kenmerk" || label == "referentie";
}

// The hash signal type a label names ("sha 256" -> "sha256"), "" when none.
std::string HashLabel(std::string_view label) {
  std::string compact;
  for (const char c : label) {
    if (c != ' ') compact.push_back(c);
  }
  if (compact == "md5" || compact == "sha1" || compact == "sha256" || compact == "pdq") {
    return compact;
  }
  return "";
}

// The first whitespace-separated word of `value`, without surrounding brackets or trailing
// punctuation.
std::string_view FirstWord(std::string_view value) {
  value = TrimAscii(value);
  size_t end = 0;
  while (end < value.size() && !absl::ascii_isspace(static_cast<unsigned char>(value[end]))) ++end;
  std::string_view word = value.substr(0, end);
  while (!word.empty() && (IsTrailingPunctuation(word.back()) || word.back() == ']')) {
    word.remove_suffix(1);
  }
  while (!word.empty() && (word.front() == '(' || word.front() == '[')) word.remove_prefix(1);
  return word;
}

bool IsIpAddress(std::string_view text) {
  const std::string terminated(text);
  unsigned char address[16];
  return inet_pton(AF_INET, terminated.c_str(), address) == 1 ||
         inet_pton(AF_INET6, terminated.c_str(), address) == 1;
}

void ReadLabelledLine(std::string_view line, AbuseReport& parsed) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  const std::string label = NormalizeLabel(line.substr(0, colon));
  const std::string_view value = TrimAscii(line.substr(colon + 1));
  if (value.empty()) return;
  if (IsIpLabel(label)) {
    const std::string_view ip = FirstWord(value);
    if (parsed.ip.empty() && IsIpAddress(ip)) parsed.ip = std::string(ip);
  } else if (IsReferenceLabel(label)) {
    if (parsed.report_id.empty() && value.size() <= kMaxReferenceBytes) {
      parsed.report_id = std::string(value);
    }
  } else if (label == "date" || label == "datum") {
    if (parsed.reported_at.has_value()) return;
    Result<int64_t> date = ParseMailDate(value);
    if (!date.ok()) date = ParseIsoTimestamp(value);
    if (date.ok()) parsed.reported_at = *date;
  } else if (const std::string hash_type = HashLabel(label); !hash_type.empty()) {
    AddHash(hash_type, FirstWord(value), parsed);
  }
}

}  // namespace

Result<AbuseReport> ParseTextNotice(std::string_view text) {
  AbuseReport parsed;
  parsed.format = ReportFormat::kText;
  SetUrls(FindUrls(text), parsed);
  if (parsed.urls.empty()) {
    return absl::InvalidArgumentError("text notice: no http:// or https:// URL in the text");
  }
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ReadLabelledLine(text.substr(start, end - start), parsed);
    start = end + 1;
  }
  parsed.description = LimitDescription(text);
  return parsed;
}

}  // namespace clearhost::cases::intake
