// ReportFormatName and the helpers the format parsers share (report_common.h); the parsers are
// xarf4_report.cpp, xarf3_report.cpp, arf_report.cpp and text_notice.cpp.
#include "cases/intake/abuse_report.h"

#include <unordered_set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "cases/intake/report_common.h"
#include "cases/notice_validation.h"
#include "core/ascii_text.h"

namespace clearhost::cases::intake {

std::string_view ReportFormatName(ReportFormat format) {
  switch (format) {
    case ReportFormat::kXarf4:
      return "xarf4";
    case ReportFormat::kXarf3:
      return "xarf3";
    case ReportFormat::kArf:
      return "arf";
    case ReportFormat::kText:
      return "text";
  }
  return "text";
}

Status ReportError(std::string_view format, std::string_view field, std::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat(std::string(format), ": ", std::string(field), ": ", std::string(problem)));
}

void SetUrls(const std::vector<std::string>& urls, AbuseReport& report) {
  std::unordered_set<std::string_view> seen;
  report.urls.clear();
  for (const std::string& url : urls) {
    const std::string_view trimmed = TrimAscii(url);
    if (trimmed.empty() || !seen.insert(trimmed).second) continue;
    report.urls.emplace_back(trimmed);
  }
}

void AddHash(std::string_view type, std::string_view value, AbuseReport& report) {
  std::string signal_type;
  for (const char c : type) {
    if (c != '-' && c != '_' && c != ' ') signal_type.push_back(absl::ascii_tolower(c));
  }
  size_t digits = 0;
  if (signal_type == "pdq" || signal_type == "sha256") {
    digits = 64;
  } else if (signal_type == "md5") {
    digits = 32;
  } else if (signal_type == "sha1") {
    digits = 40;
  } else {
    return;
  }
  const std::string hex = LowerAscii(TrimAscii(value));
  if (hex.size() != digits) return;
  for (const char c : hex) {
    if (!absl::ascii_isxdigit(c)) return;
  }
  // One past the notice limit is enough for notice validation to refuse the list, and keeps the
  // duplicate check below from going quadratic on a hostile text.
  if (report.hashes.size() > kMaxNoticeHashes) return;
  NoticeHash hash{signal_type, hex};
  for (const NoticeHash& known : report.hashes) {
    if (known == hash) return;
  }
  report.hashes.push_back(std::move(hash));
}

std::string LimitDescription(std::string_view text) {
  text = TrimAscii(text);
  if (text.size() <= kMaxDescriptionBytes) return std::string(text);
  size_t end = kMaxDescriptionBytes;
  // Back off continuation bytes (10xxxxxx) so no character is cut in half.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

std::string_view Unquoted(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front()) {
    return value.substr(1, value.size() - 2);
  }
  return value;
}

}  // namespace clearhost::cases::intake
