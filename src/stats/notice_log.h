// A log of removal notices: imported (CSV), or made from the case store's cases by
// `clearhost stats removal --db` (docs/formats.md, "Notices from the case store"). The CSV:
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
  std::string asn;         // as written, e.g. "64496" (an "AS" prefix is dropped)
  int64_t reopenings = 0;  // times the content came back after removal (case store: re-opened)
  uint64_t line = 0;       // CSV line; for the case store, the case id
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
