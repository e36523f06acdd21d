// Banks, entries and audit rows as JSON objects, one shape for `clearhost lists` and the API
// (/v1/banks), with timestamps as UTC ISO 8601 text.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/iso_time.h"
#include "store/bank_store.h"

namespace clearhost::server {

nlohmann::ordered_json BankJson(const store::Bank& bank);
nlohmann::ordered_json EntryJson(const store::EntryRecord& entry);
nlohmann::ordered_json AuditJson(const store::AuditRecord& record);

}  // namespace clearhost::server
