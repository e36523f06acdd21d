#include "stats/region_table.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "stats/field_parse.h"

namespace clearhost::stats {

std::string_view RegionTable::Parent(std::string_view region) const {
  const auto found = parent_.find(std::string(region));
  return found == parent_.end() ? std::string_view() : std::string_view(found->second);
}

std::vector<std::string> RegionTable::Chain(std::string_view region) const {
  std::vector<std::string> chain;
  // Cycles are refused when reading, so the walk ends; the bound is a second guard.
  for (std::string_view current = region; !current.empty() && chain.size() <= parent_.size();
       current = Parent(current)) {
    chain.emplace_back(current);
  }
  return chain;
}

Result<RegionTable> RegionTable::FromCsv(const CsvTable& csv) {
  CLEARHOST_ASSIGN_OR_RETURN(const size_t parent_column, csv.RequireColumn("superregion"));
  CLEARHOST_ASSIGN_OR_RETURN(const size_t region_column, csv.RequireColumn("region"));
  RegionTable table;
  for (const CsvRecord& record : csv.records) {
    const auto problem = [&](std::string message) {
      table.problems_.push_back({csv.file, record.line, std::move(message)});
    };
    if (record.fields.size() != csv.header.size()) {
      problem(absl::StrCat(record.fields.size(), " fields, the header has ", csv.header.size()));
      continue;
    }
    const std::string parent(TrimAscii(record.fields[parent_column]));
    const std::string region(TrimAscii(record.fields[region_column]));
    if (region.empty() || parent.empty()) {
      problem("empty region or superregion");
      continue;
    }
    // "Antarctica,Antarctica": a region that is its own superregion is a top-level region.
    if (parent == region) continue;
    if (const auto known = table.parent_.find(region); known != table.parent_.end()) {
      if (known->second != parent) {
        problem(absl::StrCat("region '", region, "' already belongs to '", known->second, "'"));
      }
      continue;
    }
    bool cycle = false;
    for (const std::string& ancestor : table.Chain(parent)) cycle = cycle || ancestor == region;
    if (cycle) {
      problem(absl::StrCat("'", parent, "' is inside '", region, "': a cycle"));
      continue;
    }
    table.parent_.emplace(region, parent);
  }
  return table;
}

Result<RegionTable> RegionTable::Read(const std::filesystem::path& path) {
  CLEARHOST_ASSIGN_OR_RETURN(const CsvTable csv, ReadCsvFile(path));
  return FromCsv(csv);
}

}  // namespace clearhost::stats
