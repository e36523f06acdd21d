// The XARF v4 document clearhost sends to the customer who controls the reported content: class
// Content, type csam (or the case's other category), with the case's URLs, IP, hashes and
// deadline. Never any content: URLs, hashes and ids only.
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cases/case_record.h"

namespace clearhost::cases::outbound {

// Who sends the notices (the hoster's abuse desk), as XARF's ReporterInfo names it.
struct ReporterIdentity {
  std::string org;            // ReporterOrg, e.g. "Example Hosting B.V."
  std::string org_domain;     // ReporterOrgDomain, e.g. "example.net"
  std::string org_email;      // ReporterOrgEmail: where replies go
  std::string contact_email;  // ReporterContactEmail ("" = org_email)
  std::string contact_name;   // ReporterContactName ("" = left out)
};

// The XARF v4 JSON for `record` (pretty-printed, UTF-8), field names as abusix/xarf's schemas
// (xarf_shared.schema.json) spell them: Version "2", ReporterInfo from `reporter`, Disclosure
// true, Report {ReportClass "Content", ReportType `report_type` (e.g.
// "ChildSexualAbuseMaterial"), Date (now, ISO 8601 UTC), FirstSeen (the notice's arrival),
// SourceIp when the case has one, SourceUrl (the first URL), ReporterCaseID
// "clearhost-case-<id>", and in Custom (the schema's only place for extra data, string values):
// Deadline, AdditionalUrl<n> for the other URLs and Hash<n> "<signal type>:<hex>"}.
std::string WriteXarf4(const Case& record, const ReporterIdentity& reporter,
                       std::string_view report_type, int64_t now);

}  // namespace clearhost::cases::outbound
