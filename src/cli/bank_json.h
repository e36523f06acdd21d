// How `clearhost lists` prints banks, entries and audit rows: one JSON object each, with
// timestamps as UTC ISO 8601 text.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/iso_time.h"
#include "store/bank_store.h"

namespace clearhost::cli {

nlohmann::ordered_json BankJson(const store::Bank& bank);
nlohmann::ordered_json EntryJson(const store::EntryRecord& entry);
nlohmann::ordered_json AuditJson(const store::AuditRecord& record);

// One line of JSON (invalid UTF-8 replaced), newline-terminated, to stdout.
void PrintJsonLine(const nlohmann::ordered_json& json);

}  // namespace clearhost::cli
