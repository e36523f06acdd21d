// The XARF v4 document (xarf-spec v4.0.0, github.com/xarf/xarf-spec, schemas/v4) clearhost
// sends to the customer who controls the reported content: category content, type csam (or the
// case's other content type), with the case's first URL, its IP, hashes and deadline. Never any
// content and never XARF `evidence`: URLs, hashes and ids only.
// Thread-safety: pure functions over values (the report id is random).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cases/case_record.h"

namespace clearhost::cases::outbound {

// Who sends the notices (the hoster's abuse desk): XARF's `reporter` and `sender`.
struct ReporterIdentity {
  std::string org;         // org, e.g. "Example Hosting B.V."
  std::string org_domain;  // domain, e.g. "example.net"
  std::string org_email;   // contact: where replies go
};

// The XARF v4 JSON for `record` (pretty-printed UTF-8). Core fields: xarf_version "4.0.0", a
// random UUID v4 report_id, timestamp (when the notice arrived), reporter and sender,
// source_identifier (the IP, else the URL's host), category "content", type `report_type`,
// url (the first), domain, evidence_source and description. For csam: classification
// "baseline" (the notice's sender assessed it as illegal everywhere; clearhost does not grade
// material) and detection_method; for csem: exploitation_type "distribution" and
// detection_method; hash_values (md5, sha1, sha256) from the case's hashes. What the schema has
// no field for goes into the `clearhost` object its additionalProperties allow: case_id,
// deadline, the other URLs and PDQ hashes.
std::string WriteXarf4(const Case& record, const ReporterIdentity& reporter,
                       std::string_view report_type, int64_t now);

}  // namespace clearhost::cases::outbound
