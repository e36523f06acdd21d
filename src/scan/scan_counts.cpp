#include "scan/scan_counts.h"

#include <nlohmann/json.hpp>
#include <utility>

namespace clearhost::scan {
namespace {

// Every field with its name, in output order.
template <typename Counts, typename Visit>
void ForEachCount(Counts& counts, Visit&& visit) {
  visit("files", counts.files);
  visit("bytes", counts.bytes);
  visit("hashed_files", counts.hashed_files);
  visit("reused_files", counts.reused_files);
  visit("items", counts.items);
  visit("pictures", counts.pictures);
  visit("videos", counts.videos);
  visit("archives", counts.archives);
  visit("members", counts.members);
  visit("skipped", counts.skipped);
  visit("errors", counts.errors);
  visit("matches", counts.matches);
  visit("acted", counts.acted);
  visit("held", counts.held);
  visit("suppressed", counts.suppressed);
  visit("low_quality", counts.low_quality);
  visit("quarantined", counts.quarantined);
  visit("posted", counts.posted);
  visit("noticed", counts.noticed);
}

}  // namespace

std::string ScanCounts::ToJson() const {
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  ForEachCount(*this, [&](const char* name, uint64_t value) { json[name] = value; });
  return json.dump();
}

Result<ScanCounts> ScanCounts::FromJson(const std::string& text) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object()) return absl::DataLossError("scan state: the run's counts are corrupt");
  ScanCounts counts;
  ForEachCount(counts, [&](const char* name, uint64_t& value) {
    const auto found = json.find(name);
    if (found != json.end() && found->is_number_unsigned()) value = found->get<uint64_t>();
  });
  return counts;
}

}  // namespace clearhost::scan
