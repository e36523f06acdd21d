// The region hierarchy (regions.csv: `superregion,region`, one parent per region): e.g.
// Caribbean -> Latin America and the Caribbean -> Americas, as in the UN M49 scheme. A region
// without a parent is a top-level "superregion".
// Thread-safety: immutable after Read; const methods may be called from any thread.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/status.h"
#include "stats/csv_table.h"
#include "stats/input_problem.h"

namespace clearhost::stats {

class RegionTable {
 public:
  // Reads a parsed regions.csv. Missing columns are an error; a row that gives a region a
  // second, different parent, or that would close a cycle, is a problem and is skipped.
  static Result<RegionTable> FromCsv(const CsvTable& csv);
  static Result<RegionTable> Read(const std::filesystem::path& path);

  // The parent of `region`, or "" for a top-level region or an unknown one.
  std::string_view Parent(std::string_view region) const;
  // `region` followed by its ancestors up to the top.
  std::vector<std::string> Chain(std::string_view region) const;
  const std::vector<InputProblem>& problems() const { return problems_; }

 private:
  absl::flat_hash_map<std::string, std::string> parent_;
  std::vector<InputProblem> problems_;
};

}  // namespace clearhost::stats
