#include "cases/intake/xarf_spec_report.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cases/intake/mail_date.h"
#include "cases/intake/report_common.h"
#include "core/ascii_text.h"
#include "core/ip_address.h"

namespace clearhost::cases::intake {
namespace {

using nlohmann::json;

Status SpecError(std::string_view field, std::string_view problem) {
  return ReportError("XARF v4", field, problem);
}

Result<std::string> Text(const json& object, std::string_view key, std::string_view path,
                         bool required) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) {
    if (required) return SpecError(path, "required");
    return std::string();
  }
  if (!found->is_string()) return SpecError(path, "must be a string");
  std::string value(TrimAscii(found->get_ref<const std::string&>()));
  if (required && value.empty()) return SpecError(path, "required");
  return value;
}

// reporter or sender: {org, contact, domain}, all required.
Status CheckContact(const json& document, std::string_view key, AbuseReport* into) {
  const auto found = document.find(key);
  if (found == document.end() || !found->is_object()) {
    return SpecError(key, "required (an object with org, contact and domain)");
  }
  std::string values[3];
  const char* fields[3] = {"org", "contact", "domain"};
  for (int i = 0; i < 3; ++i) {
    CLEARHOST_ASSIGN_OR_RETURN(
        values[i], Text(*found, fields[i], absl::StrCat(std::string(key), ".", fields[i]), true));
  }
  if (values[1].find('@') == std::string::npos) {
    return SpecError(absl::StrCat(std::string(key), ".contact"), "must be an e-mail address");
  }
  if (into != nullptr) {
    into->reporter_org = values[0];
    into->reporter_email = values[1];
  }
  return Status();
}

bool IsVersion4(std::string_view version) {
  // "4.<digits>.<digits>"
  if (!version.starts_with("4.")) return false;
  int dots = 0;
  bool digit_before = false;
  for (const char c : version.substr(2)) {
    if (c == '.') {
      if (!digit_before) return false;
      ++dots;
      digit_before = false;
    } else if (c >= '0' && c <= '9') {
      digit_before = true;
    } else {
      return false;
    }
  }
  return dots == 1 && digit_before;
}

}  // namespace

Result<AbuseReport> ParseXarfSpecDocument(const json& document) {
  AbuseReport report;
  report.format = ReportFormat::kXarf4;
  CLEARHOST_ASSIGN_OR_RETURN(const std::string version,
                             Text(document, "xarf_version", "xarf_version", true));
  if (!IsVersion4(version)) {
    return SpecError("xarf_version", absl::StrCat("'", version, "' is not 4.x.y"));
  }
  CLEARHOST_ASSIGN_OR_RETURN(report.report_id, Text(document, "report_id", "report_id", true));
  CLEARHOST_ASSIGN_OR_RETURN(const std::string timestamp,
                             Text(document, "timestamp", "timestamp", true));
  Result<int64_t> at = ParseIsoTimestamp(timestamp);
  if (!at.ok()) return SpecError("timestamp", std::string(at.status().message()));
  report.reported_at = *at;
  CLEARHOST_RETURN_IF_ERROR(CheckContact(document, "reporter", &report));
  CLEARHOST_RETURN_IF_ERROR(CheckContact(document, "sender", nullptr));
  CLEARHOST_ASSIGN_OR_RETURN(const std::string source,
                             Text(document, "source_identifier", "source_identifier", true));
  if (ParseIpAddress(source).ok()) report.ip = source;
  CLEARHOST_ASSIGN_OR_RETURN(const std::string category,
                             Text(document, "category", "category", true));
  report.report_class = LowerAscii(category);
  CLEARHOST_ASSIGN_OR_RETURN(const std::string type, Text(document, "type", "type", true));
  report.report_type = LowerAscii(type);
  report.child_abuse = report.report_class == "content" &&
                       (report.report_type == "csam" || report.report_type == "csem");

  std::vector<std::string> urls;
  CLEARHOST_ASSIGN_OR_RETURN(std::string url, Text(document, "url", "url", false));
  if (!url.empty()) urls.push_back(std::move(url));
  SetUrls(urls, report);
  if (report.report_class == "content" && report.urls.empty()) {
    return SpecError("url",
                     absl::StrCat("required for category content (type ", report.report_type, ")"));
  }
  CLEARHOST_ASSIGN_OR_RETURN(const std::string description,
                             Text(document, "description", "description", false));
  report.description = LimitDescription(description);
  const auto hashes = document.find("hash_values");
  if (hashes != document.end() && hashes->is_object()) {
    for (const auto& [algorithm, value] : hashes->items()) {
      if (value.is_string()) AddHash(algorithm, value.get_ref<const std::string&>(), report);
    }
  }
  return report;
}

}  // namespace clearhost::cases::intake
