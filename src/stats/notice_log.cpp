#include "stats/notice_log.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "stats/field_parse.h"

namespace clearhost::stats {

Result<NoticeLog> NoticeLogFromCsv(const CsvTable& csv) {
  CLEARHOST_ASSIGN_OR_RETURN(const size_t url_column, csv.RequireColumn("url"));
  CLEARHOST_ASSIGN_OR_RETURN(const size_t notified_column, csv.RequireColumn("notified_at"));
  CLEARHOST_ASSIGN_OR_RETURN(const size_t removed_column, csv.RequireColumn("removed_at"));
  const std::optional<size_t> hoster_column = csv.FindColumn("hoster");
  const std::optional<size_t> asn_column = csv.FindColumn("asn");
  if (!hoster_column && !asn_column) {
    return InputError(csv.file, 1, "no column 'hoster' or 'asn'");
  }
  NoticeLog log;
  for (const CsvRecord& record : csv.records) {
    const auto problem = [&](std::string message) {
      log.problems.push_back({csv.file, record.line, std::move(message)});
    };
    if (record.fields.size() != csv.header.size()) {
      problem(absl::StrCat(record.fields.size(), " fields, the header has ", csv.header.size()));
      continue;
    }
    Notice notice;
    notice.line = record.line;
    notice.url = std::string(TrimAscii(record.fields[url_column]));
    auto notified = ParseTimestamp(record.fields[notified_column]);
    if (!notified.ok()) {
      problem(absl::StrCat("notified_at: ", notified.status().message()));
      continue;
    }
    notice.notified_at = *notified;
    if (!TrimAscii(record.fields[removed_column]).empty()) {
      auto removed = ParseTimestamp(record.fields[removed_column]);
      if (!removed.ok()) {
        problem(absl::StrCat("removed_at: ", removed.status().message()));
        continue;
      }
      if (*removed < *notified) {
        problem(absl::StrCat("removed_at ", FormatTimestamp(*removed), " is before notified_at ",
                             FormatTimestamp(*notified)));
        continue;
      }
      notice.removed_at = *removed;
    }
    if (hoster_column) notice.hoster = std::string(TrimAscii(record.fields[*hoster_column]));
    if (asn_column) {
      std::string asn(TrimAscii(record.fields[*asn_column]));
      if (asn.size() > 2 && EqualsIgnoreCase(asn.substr(0, 2), "AS")) asn = asn.substr(2);
      if (!asn.empty() &&
          (asn.size() > 10 || asn.find_first_not_of("0123456789") != std::string::npos ||
           std::stoull(asn) > 0xFFFFFFFFull)) {
        problem(absl::StrCat("asn: '", record.fields[*asn_column], "' is not an AS number"));
        continue;
      }
      notice.asn = asn;
    }
    log.latest_time =
        std::max({log.latest_time, notice.notified_at, notice.removed_at.value_or(0)});
    log.notices.push_back(std::move(notice));
  }
  return log;
}

Result<NoticeLog> ReadNoticeLog(const std::filesystem::path& path) {
  CLEARHOST_ASSIGN_OR_RETURN(const CsvTable csv, ReadCsvFile(path));
  return NoticeLogFromCsv(csv);
}

}  // namespace clearhost::stats
