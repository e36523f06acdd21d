#include "server/bank_json.h"

namespace clearhost::server {

nlohmann::ordered_json BankJson(const store::Bank& bank) {
  const store::BankSettings& settings = bank.settings;
  return {{"bank", settings.name},
          {"kind", store::BankKindName(settings.kind)},
          {"enabled", settings.enabled},
          {"entries", bank.current_entries},
          {"disputed", bank.disputed_entries},
          {"confirmed", bank.confirmed_entries},
          {"removed", bank.removed_entries},
          {"match_distance", settings.match_distance},
          {"min_quality", settings.min_quality},
          {"flood_files", settings.flood_files},
          {"flood_window_seconds", settings.flood_window_seconds},
          {"source", settings.source},
          {"labels", settings.labels},
          {"created_at", IsoTime(bank.created_at)},
          {"updated_at", IsoTime(bank.updated_at)}};
}

nlohmann::ordered_json EntryJson(const store::EntryRecord& entry) {
  nlohmann::ordered_json json = {{"entry_id", entry.id},
                                 {"bank", entry.bank},
                                 {"signal_type", lists::SignalTypeName(entry.signal.type)},
                                 {"signal", entry.signal.ToHex()},
                                 {"status", store::EntryStatusName(entry.status)},
                                 {"added_at", IsoTime(entry.added_at)},
                                 {"added_by", entry.added_by}};
  if (entry.status_reason) json["status_reason"] = *entry.status_reason;
  if (entry.removed_at) {
    json["removed_at"] = IsoTime(*entry.removed_at);
    json["removed_by"] = entry.removed_by.value_or("");
  }
  return json;
}

nlohmann::ordered_json AuditJson(const store::AuditRecord& record) {
  return {{"change", record.id},     {"at", IsoTime(record.at)}, {"actor", record.actor},
          {"action", record.action}, {"bank", record.bank},      {"detail", record.detail}};
}

}  // namespace clearhost::server
