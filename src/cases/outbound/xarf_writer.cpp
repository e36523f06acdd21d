#include "cases/outbound/xarf_writer.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "core/iso_time.h"

namespace clearhost::cases::outbound {

// Field names follow abusix/xarf schemas/*/xarf_shared.schema.json: XarfBase (ReporterInfo,
// Disclosure, Version) and IpAndUrlBasedReport (ReportBase + Date + SourceIp/SourceUrl). The
// schema has one field per URL and no hash field for content reports; what it lacks goes into
// Report.Custom, whose values must be strings or integers, so lists become numbered keys.
std::string WriteXarf4(const Case& record, const ReporterIdentity& reporter,
                       std::string_view report_type, int64_t now) {
  nlohmann::ordered_json reporter_info = {
      {"ReporterOrg", reporter.org},
      {"ReporterOrgDomain", reporter.org_domain},
      {"ReporterOrgEmail", reporter.org_email},
      {"ReporterContactEmail",
       reporter.contact_email.empty() ? reporter.org_email : reporter.contact_email},
  };
  if (!reporter.contact_name.empty()) reporter_info["ReporterContactName"] = reporter.contact_name;

  const Notice& notice = record.notice;
  nlohmann::ordered_json report = {
      {"ReportClass", "Content"},
      {"ReportType", std::string(report_type)},
      {"Date", IsoTime(now)},
  };
  if (notice.received_at != 0) report["FirstSeen"] = IsoTime(notice.received_at);
  if (!notice.ip.empty()) report["SourceIp"] = notice.ip;
  if (!notice.urls.empty()) report["SourceUrl"] = notice.urls.front();
  report["ReporterCaseID"] = absl::StrCat("clearhost-case-", record.id);

  nlohmann::ordered_json custom = nlohmann::ordered_json::object();
  if (record.deadline != 0) custom["Deadline"] = IsoTime(record.deadline);
  for (size_t i = 1; i < notice.urls.size(); ++i) {
    custom[absl::StrCat("AdditionalUrl", i)] = notice.urls[i];
  }
  for (size_t i = 0; i < notice.hashes.size(); ++i) {
    custom[absl::StrCat("Hash", i + 1)] =
        absl::StrCat(notice.hashes[i].signal_type, ":", notice.hashes[i].value);
  }
  if (!custom.empty()) report["Custom"] = std::move(custom);

  const nlohmann::ordered_json document = {
      {"Version", "2"},
      {"ReporterInfo", std::move(reporter_info)},
      {"Disclosure", true},
      {"Report", std::move(report)},
  };
  // Replace invalid UTF-8 (a sender's odd URL) instead of throwing.
  return document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace clearhost::cases::outbound
