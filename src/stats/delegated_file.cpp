#include "stats/delegated_file.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/file_io.h"
#include "stats/data_lines.h"
#include "stats/field_parse.h"

namespace clearhost::stats {
namespace {

constexpr uint64_t kMaxDelegatedBytes = 1ull << 30;

Result<uint64_t> ParseAddressCount(const std::string& text) {
  if (text.empty() || text.size() > 10 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not an address count"));
  }
  const uint64_t count = std::stoull(text);
  if (count == 0 || count > (uint64_t{1} << 32)) {
    return absl::InvalidArgumentError(absl::StrCat("address count ", count, " is out of range"));
  }
  return count;
}

}  // namespace

DelegatedFile ParseDelegated(std::string_view text, std::string_view file) {
  DelegatedFile result;
  DataLines lines(text);
  std::string_view line;
  while (lines.Next(line)) {
    const uint64_t line_number = lines.number();
    const auto problem = [&](std::string message) {
      result.problems.push_back({std::string(file), line_number, std::move(message)});
    };
    std::vector<std::string> fields =
        absl::StrSplit(absl::string_view(line.data(), line.size()), '|');
    if (fields.size() < 6) {
      // The version line has 7 fields starting with a digit; anything shorter is broken.
      problem(absl::StrCat(fields.size(), " fields, a record has at least 7 (registry|cc|type|",
                           "start|value|date|status)"));
      continue;
    }
    if (fields[5] == "summary" ||
        (line_number == 1 && !fields[0].empty() &&
         fields[0].find_first_not_of("0123456789.") == std::string::npos)) {
      continue;  // summary or version line
    }
    if (fields.size() < 7) {
      problem(absl::StrCat(fields.size(), " fields, a record has at least 7"));
      continue;
    }
    const std::string& type = fields[2];
    if (type == "asn") continue;
    if (type != "ipv4" && type != "ipv6") {
      problem(absl::StrCat("type '", type, "' is not ipv4, ipv6 or asn"));
      continue;
    }
    const std::string country(TrimAscii(fields[1]));
    if (country.empty() || country == "*" || country == "ZZ") continue;  // not delegated
    auto code = ParseCountryCode(country);
    if (!code.ok() || code->size() != 2) {
      problem(absl::StrCat("cc: '", country, "' is not an ISO 3166 alpha-2 code"));
      continue;
    }
    DelegatedBlock block;
    block.country = *code;
    block.registry = fields[0];
    block.line = line_number;
    if (type == "ipv6") {
      auto prefix = MakeIpPrefix(fields[3], fields[4]);
      if (!prefix.ok() || !prefix->start.v6) {
        problem(prefix.ok() ? std::string("an ipv4 address on an ipv6 line")
                            : std::string(prefix.status().message()));
        continue;
      }
      block.prefix = *prefix;
      result.blocks.push_back(block);
      continue;
    }
    auto start = ParseIpAddress(fields[3]);
    auto count = ParseAddressCount(fields[4]);
    if (!start.ok() || start->v6) {
      problem(start.ok() ? std::string("an ipv6 address on an ipv4 line")
                         : std::string(start.status().message()));
      continue;
    }
    if (!count.ok()) {
      problem(std::string(count.status().message()));
      continue;
    }
    uint64_t first = static_cast<uint64_t>(start->value);
    const uint64_t past_last = first + *count;
    if (past_last > (uint64_t{1} << 32)) {
      problem(absl::StrCat(fields[3], " + ", *count, " addresses runs past 255.255.255.255"));
      continue;
    }
    // The largest aligned block at `first` that fits, repeatedly.
    while (first < past_last) {
      int host_bits = first == 0 ? 32 : __builtin_ctzll(first);
      while (host_bits > 0 && first + (uint64_t{1} << host_bits) > past_last) --host_bits;
      block.prefix.start = IpAddress{false, first};
      block.prefix.length = 32 - host_bits;
      result.blocks.push_back(block);
      first += uint64_t{1} << host_bits;
    }
  }
  return result;
}

Result<DelegatedFile> ReadDelegated(const std::filesystem::path& path) {
  auto bytes = ReadFileLimited(path, kMaxDelegatedBytes);
  if (!bytes.ok()) {
    return Status(bytes.status().code(),
                  absl::StrCat(path.string(), ": ", bytes.status().message()));
  }
  return ParseDelegated(
      std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), path.string());
}

}  // namespace clearhost::stats
