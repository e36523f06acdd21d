// ParseXarf4: the JSON XARF of abusix's schemas (github.com/abusix/xarf, schemas/<version>/):
// {"Version": "2", "ReporterInfo": {"ReporterOrg", "ReporterOrgEmail", ...}, "Disclosure": true,
// "Report": {"ReportClass": "Content", "ReportType", "Date", "SourceIp", "SourceUrl", ...}}.
// The schemas name child abuse reports "ChildAbuse" (versions 1-3) and
// "ChildSexualAbuseMaterial" (development); hotlines and clearhost's own writer use "csam" and
// "csem". Read beyond the schema, as writers use them: "Url" (string or array) next to
// "SourceUrl", "AdditionalUrls", "ReportId"/"Report-ID" next to "ReporterCaseID", "Hashes"
// ([{"Type": "md5", "Value": "..."}]) and "Description" next to "ReporterNotes".
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cases/intake/abuse_report.h"
#include "cases/intake/mail_date.h"
#include "cases/intake/report_common.h"
#include "cases/intake/xarf_spec_report.h"
#include "core/ascii_text.h"

namespace clearhost::cases::intake {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "XARF v4";

Status Xarf4Error(std::string_view field, std::string_view problem) {
  return ReportError(kFormat, field, problem);
}

// The non-empty string at `object[key]`; "" when absent, an error when it is something else.
Result<std::string> OptionalString(const json& object, std::string_view key,
                                   std::string_view path) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return std::string();
  if (!found->is_string()) return Xarf4Error(path, "must be a string");
  return std::string(TrimAscii(found->get_ref<const std::string&>()));
}

Result<std::string> RequiredString(const json& object, std::string_view key,
                                   std::string_view path) {
  CLEARHOST_ASSIGN_OR_RETURN(std::string value, OptionalString(object, key, path));
  if (value.empty()) return Xarf4Error(path, "required");
  return value;
}

// The first of `keys` that `object` has as a non-empty string.
Result<std::string> FirstString(const json& object, std::initializer_list<std::string_view> keys) {
  for (const std::string_view key : keys) {
    CLEARHOST_ASSIGN_OR_RETURN(
        std::string value, OptionalString(object, key, absl::StrCat("Report.", std::string(key))));
    if (!value.empty()) return value;
  }
  return std::string();
}

// Appends the URL or URLs at `report[key]` (a string or an array of strings).
Status CollectUrls(const json& report, std::string_view key, std::vector<std::string>& urls) {
  const auto found = report.find(key);
  if (found == report.end() || found->is_null()) return Status();
  const std::string path = absl::StrCat("Report.", std::string(key));
  if (found->is_string()) {
    urls.push_back(found->get<std::string>());
    return Status();
  }
  if (!found->is_array()) return Xarf4Error(path, "must be a string or an array of strings");
  for (const json& url : *found) {
    if (!url.is_string()) return Xarf4Error(path, "must be a string or an array of strings");
    urls.push_back(url.get<std::string>());
  }
  return Status();
}

void CollectHashes(const json& report, AbuseReport& parsed) {
  const auto hashes = report.find("Hashes");
  if (hashes == report.end() || !hashes->is_array()) return;
  for (const json& hash : *hashes) {
    if (!hash.is_object()) continue;
    const auto type = hash.contains("Type") ? hash.find("Type") : hash.find("type");
    const auto value = hash.contains("Value") ? hash.find("Value") : hash.find("value");
    if (type == hash.end() || value == hash.end() || !type->is_string() || !value->is_string()) {
      continue;
    }
    AddHash(type->get_ref<const std::string&>(), value->get_ref<const std::string&>(), parsed);
  }
}

bool IsChildAbuseType(std::string_view report_type) {
  return report_type == "csam" || report_type == "csem" || report_type == "childabuse" ||
         report_type == "childsexualabusematerial";
}

}  // namespace

Result<AbuseReport> ParseXarf4(std::string_view text) {
  const json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return absl::InvalidArgumentError("XARF v4: not a JSON object");
  }
  if (document.contains("xarf_version")) return ParseXarfSpecDocument(document);
  // The schema versions abusix published; clearhost writes "2".
  CLEARHOST_ASSIGN_OR_RETURN(const std::string version,
                             RequiredString(document, "Version", "Version"));
  if (version != "1" && version != "2" && version != "3") {
    return Xarf4Error("Version", absl::StrCat("'", version, "' is not 1, 2 or 3"));
  }
  const auto reporter = document.find("ReporterInfo");
  if (reporter == document.end() || !reporter->is_object()) {
    return Xarf4Error("ReporterInfo", "required (an object)");
  }
  AbuseReport parsed;
  parsed.format = ReportFormat::kXarf4;
  CLEARHOST_ASSIGN_OR_RETURN(parsed.reporter_org,
                             RequiredString(*reporter, "ReporterOrg", "ReporterInfo.ReporterOrg"));
  CLEARHOST_ASSIGN_OR_RETURN(
      parsed.reporter_email,
      RequiredString(*reporter, "ReporterOrgEmail", "ReporterInfo.ReporterOrgEmail"));
  const auto disclosure = document.find("Disclosure");
  if (disclosure == document.end() || !disclosure->is_boolean()) {
    return Xarf4Error("Disclosure", "required (true or false)");
  }
  const auto report = document.find("Report");
  if (report == document.end() || !report->is_object()) {
    return Xarf4Error("Report", "required (an object)");
  }
  CLEARHOST_ASSIGN_OR_RETURN(parsed.report_class,
                             RequiredString(*report, "ReportClass", "Report.ReportClass"));
  CLEARHOST_ASSIGN_OR_RETURN(const std::string report_type,
                             RequiredString(*report, "ReportType", "Report.ReportType"));
  parsed.report_type = LowerAscii(report_type);
  parsed.child_abuse = IsChildAbuseType(parsed.report_type);
  CLEARHOST_ASSIGN_OR_RETURN(const std::string date,
                             RequiredString(*report, "Date", "Report.Date"));
  Result<int64_t> reported_at = ParseIsoTimestamp(date);
  if (!reported_at.ok())
    return Xarf4Error("Report.Date", std::string(reported_at.status().message()));
  parsed.reported_at = *reported_at;

  std::vector<std::string> urls;
  for (const std::string_view key : {"Url", "SourceUrl", "AdditionalUrls"}) {
    CLEARHOST_RETURN_IF_ERROR(CollectUrls(*report, key, urls));
  }
  SetUrls(urls, parsed);
  if (parsed.urls.empty() && EqualsIgnoreCase(parsed.report_class, "Content")) {
    return Xarf4Error("Report.Url", absl::StrCat("required for ReportType ", parsed.report_type));
  }
  CLEARHOST_ASSIGN_OR_RETURN(parsed.ip, OptionalString(*report, "SourceIp", "Report.SourceIp"));
  CLEARHOST_ASSIGN_OR_RETURN(parsed.report_id,
                             FirstString(*report, {"ReportId", "Report-ID", "ReporterCaseID"}));
  CLEARHOST_ASSIGN_OR_RETURN(const std::string description,
                             FirstString(*report, {"ReporterNotes", "Description"}));
  parsed.description = LimitDescription(description);
  CollectHashes(*report, parsed);
  return parsed;
}

}  // namespace clearhost::cases::intake
