// XARF v4 as the current specification writes it (xarf-spec v4.x, github.com/xarf/xarf-spec,
// schemas/v4/xarf-core.json and types/content-*.json): snake_case fields, `category` and
// `type` (content/csam, content/csem, content/phishing...). ParseXarf4 (abuse_report.h) hands a
// document with `xarf_version` here and reads abusix's older JSON shape itself.
// Thread-safety: pure functions over values.
#pragma once

#include <nlohmann/json.hpp>

#include "cases/intake/abuse_report.h"
#include "core/status.h"

namespace clearhost::cases::intake {

// Required (xarf-core.json): xarf_version "4.x.y", report_id, timestamp (ISO 8601), reporter
// and sender ({org, contact, domain}), source_identifier, category, type; for category content
// a url (content-base.json). Read besides: domain, description, hash_values (md5, sha1,
// sha256), source_identifier as the IP when it is one. `evidence` is never read: clearhost
// stores no content.
Result<AbuseReport> ParseXarfSpecDocument(const nlohmann::json& document);

}  // namespace clearhost::cases::intake
