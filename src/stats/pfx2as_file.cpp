#include "stats/pfx2as_file.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/file_io.h"
#include "stats/data_lines.h"
#include "stats/field_parse.h"

namespace clearhost::stats {
namespace {

constexpr uint64_t kMaxPfx2asBytes = 1ull << 30;

}  // namespace

Pfx2asFile ParsePfx2as(std::string_view text, std::string_view file) {
  Pfx2asFile result;
  DataLines lines(text);
  std::string_view line;
  while (lines.Next(line)) {
    const uint64_t line_number = lines.number();
    const auto problem = [&](std::string message) {
      result.problems.push_back({std::string(file), line_number, std::move(message)});
    };
    const std::vector<std::string> fields =
        absl::StrSplit(absl::string_view(line.data(), line.size()), '\t');
    if (fields.size() != 3) {
      problem(
          absl::StrCat(fields.size(), " tab-separated fields, expected 3 (prefix, length, asn)"));
      continue;
    }
    auto prefix = MakeIpPrefix(fields[0], fields[1]);
    if (!prefix.ok()) {
      problem(std::string(prefix.status().message()));
      continue;
    }
    RoutedPrefix routed;
    routed.prefix = *prefix;
    routed.line = line_number;
    bool bad = false;
    for (const absl::string_view origin : absl::StrSplit(fields[2], absl::ByAnyChar("_,"))) {
      auto asn = ParseAsNumber(std::string_view(origin.data(), origin.size()));
      if (!asn.ok()) {
        problem(std::string(asn.status().message()));
        bad = true;
        break;
      }
      routed.origins.push_back(*asn);
    }
    if (!bad) result.prefixes.push_back(std::move(routed));
  }
  return result;
}

Result<Pfx2asFile> ReadPfx2as(const std::filesystem::path& path) {
  auto bytes = ReadFileLimited(path, kMaxPfx2asBytes);
  if (!bytes.ok()) {
    return Status(bytes.status().code(),
                  absl::StrCat(path.string(), ": ", bytes.status().message()));
  }
  return ParsePfx2as(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()),
                     path.string());
}

std::string FormatOrigins(const std::vector<uint32_t>& origins) {
  return absl::StrJoin(origins, "_");
}

}  // namespace clearhost::stats
