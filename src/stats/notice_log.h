// An imported log of removal notices (CSV; the case store does not exist yet):
//   url,notified_at,removed_at,hoster,asn[,...]
// notified_at and removed_at are ISO 8601 timestamps (UTC unless an offset is given); an empty
// removed_at is a notice still open. hoster or asn may be empty, not both columns absent.
// Thread-safety: a value type; the functions are pure.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "stats/csv_table.h"
#include "stats/input_problem.h"

namespace clearhost::stats {

struct Notice {
  std::string url;
  int64_t notified_at = 0;  // seconds since the epoch
  std::optional<int64_t> removed_at;
  std::string hoster;
  std::string asn;  // as written, e.g. "64496" (an "AS" prefix is dropped)
  uint64_t line = 0;
};

struct NoticeLog {
  std::vector<Notice> notices;  // in file order
  std::vector<InputProblem> problems;
  int64_t latest_time = 0;  // the latest timestamp in the file (the default "as of")
};

// Missing columns (url, notified_at, removed_at, and hoster or asn) are an error. Bad rows are
// problems and are skipped: malformed timestamps, a removal before its notice, a bad ASN.
Result<NoticeLog> NoticeLogFromCsv(const CsvTable& csv);
Result<NoticeLog> ReadNoticeLog(const std::filesystem::path& path);

}  // namespace clearhost::stats
