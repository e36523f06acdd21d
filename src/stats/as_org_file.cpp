#include "stats/as_org_file.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/file_io.h"
#include "stats/field_parse.h"

namespace clearhost::stats {
namespace {

constexpr uint64_t kMaxAsOrgBytes = 1ull << 30;
constexpr std::string_view kFormatPrefix = "# format:";
constexpr std::string_view kOrgFormat = "org_id|changed|org_name|country|source";
constexpr std::string_view kAutFormat = "aut|changed|aut_name|org_id|opaque_id|source";

enum class Section { kNone, kOrg, kAut };

// `fields` with the name (at `name_index`) rejoined when it contained '|': the record has
// `count` fields.
std::vector<std::string> FixedFields(std::vector<std::string> fields, size_t name_index,
                                     size_t count) {
  if (fields.size() <= count) return fields;
  const size_t extra = fields.size() - count;
  const auto first = fields.begin() + long(name_index);
  fields[name_index] = absl::StrJoin(first, first + long(extra) + 1, "|");
  fields.erase(first + 1, first + long(extra) + 1);
  return fields;
}

}  // namespace

std::string AsOrgFile::Name(uint32_t asn) const {
  const auto found = by_asn.find(asn);
  if (found == by_asn.end()) return "";
  return found->second.org_name.empty() ? found->second.aut_name : found->second.org_name;
}

AsOrgFile ParseAsOrg(std::string_view text, std::string_view file) {
  AsOrgFile result;
  absl::flat_hash_map<std::string, std::pair<std::string, std::string>> organisations;
  Section section = Section::kNone;
  uint64_t line_number = 0;
  for (const absl::string_view raw :
       absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    ++line_number;
    std::string_view line(raw.data(), raw.size());
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const auto problem = [&](std::string message) {
      result.problems.push_back({std::string(file), line_number, std::move(message)});
    };
    if (line.substr(0, kFormatPrefix.size()) == kFormatPrefix) {
      const std::string_view format = TrimAscii(line.substr(kFormatPrefix.size()));
      if (format == kOrgFormat) {
        section = Section::kOrg;
      } else if (format == kAutFormat) {
        section = Section::kAut;
      } else {
        section = Section::kNone;
        problem(absl::StrCat("unknown format '", std::string(format), "' (expected '",
                             std::string(kOrgFormat), "' or '", std::string(kAutFormat), "')"));
      }
      continue;
    }
    if (TrimAscii(line).empty() || line.front() == '#') continue;
    std::vector<std::string> fields =
        absl::StrSplit(absl::string_view(line.data(), line.size()), '|');
    if (section == Section::kNone) {
      problem("a record without a valid '# format:' line before it");
    } else if (section == Section::kOrg) {
      fields = FixedFields(std::move(fields), 2, 5);
      if (fields.size() != 5) {
        problem(absl::StrCat(fields.size(), " fields, an organisation line has 5 (",
                             std::string(kOrgFormat), ")"));
        continue;
      }
      if (TrimAscii(fields[0]).empty()) {
        problem("empty org_id");
        continue;
      }
      organisations[fields[0]] = {fields[2], fields[3]};
    } else {
      fields = FixedFields(std::move(fields), 2, 6);
      if (fields.size() != 6) {
        problem(absl::StrCat(fields.size(), " fields, an AS line has 6 (", std::string(kAutFormat),
                             ")"));
        continue;
      }
      auto asn = ParseAsNumber(fields[0]);
      if (!asn.ok()) {
        problem(absl::StrCat("aut: ", asn.status().message()));
        continue;
      }
      result.by_asn[*asn] = AsOrganisation{fields[2], fields[3], "", ""};
    }
  }
  for (auto& [asn, organisation] : result.by_asn) {
    if (const auto found = organisations.find(organisation.org_id); found != organisations.end()) {
      organisation.org_name = found->second.first;
      organisation.country = found->second.second;
    }
  }
  return result;
}

Status ReadAsOrg(const std::filesystem::path& path, AsOrgFile& into) {
  auto bytes = ReadFileLimited(path, kMaxAsOrgBytes);
  if (!bytes.ok()) {
    return Status(bytes.status().code(),
                  absl::StrCat(path.string(), ": ", bytes.status().message()));
  }
  AsOrgFile file = ParseAsOrg(
      std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), path.string());
  for (auto& [asn, organisation] : file.by_asn) into.by_asn[asn] = std::move(organisation);
  into.problems.insert(into.problems.end(), file.problems.begin(), file.problems.end());
  return absl::OkStatus();
}

}  // namespace clearhost::stats
