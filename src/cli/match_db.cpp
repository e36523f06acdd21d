#include "cli/match_db.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "cli/hash_paths.h"
#include "cli/list_options.h"
#include "cli/match_source.h"
#include "cli/store_options.h"
#include "hash/pdq_dct.h"
#include "lists/plain_list.h"
#include "scan/bank_index.h"
#include "scan/bank_matcher.h"

namespace clearhost::cli {
namespace {

void PrintMatchError(const std::string& what) {
  std::fprintf(stderr, "clearhost match: %s\n", what.c_str());
}

class MatchPrinter {
 public:
  explicit MatchPrinter(bool csv) : csv_(csv) {
    if (csv_) std::printf("query,type,match,distance,bank,bank_kind,entry_id,verdict,reason\n");
  }

  // One line per match of `query` (a hash's hex or a file's path).
  void Print(const std::string& query, lists::SignalType type,
             const std::vector<scan::BankMatch>& matches) const {
    for (const scan::BankMatch& match : matches) {
      nlohmann::ordered_json line = {{"query", query},
                                     {"type", lists::SignalTypeName(type)},
                                     {"match", match.match.ToHex()},
                                     {"distance", match.distance},
                                     {"bank", match.bank},
                                     {"bank_kind", "block"},
                                     {"entry_id", match.entry_id},
                                     {"verdict", scan::VerdictName(match.verdict)}};
      if (match.transform != 0) line["transform"] = hash::kDihedralNames[match.transform];
      if (!match.reason.empty()) line["reason"] = match.reason;
      if (match.suppressed_by) {
        line["suppressed_by"] = {{"bank", match.suppressed_by->bank},
                                 {"entry_id", match.suppressed_by->entry_id},
                                 {"distance", match.suppressed_by->distance}};
      }
      if (csv_) {
        PrintCsv(line);
      } else {
        std::printf(
            "%s\n",
            line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
      }
    }
  }

  void PrintFileError(const std::string& path, const Status& error) const {
    if (csv_) return;  // stderr has it
    const nlohmann::ordered_json line = {{"query", path}, {"error", std::string(error.message())}};
    std::printf(
        "%s\n",
        line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
  }

 private:
  static std::string CsvField(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (const char c : text) {
      if (c == '"') quoted += '"';
      quoted += c;
    }
    quoted += '"';
    return quoted;
  }

  static void PrintCsv(const nlohmann::ordered_json& line) {
    std::string out;
    for (const char* key : {"query", "type", "match", "distance", "bank", "bank_kind", "entry_id",
                            "verdict", "reason"}) {
      if (!out.empty()) out += ',';
      if (!line.contains(key)) continue;
      const auto& value = line[key];
      out += CsvField(value.is_string() ? value.get<std::string>() : value.dump());
    }
    std::printf("%s\n", out.c_str());
  }

  const bool csv_;
};

// Matches the lines of --hashes; false when the list could not be read or had bad lines.
Result<bool> MatchHashList(scan::BankMatcher& matcher, const MatchPrinter& printer,
                           const MatchDbArguments& arguments) {
  const bool from_stdin = arguments.hashes == "-";
  const std::string name = from_stdin ? "stdin" : arguments.hashes;
  std::FILE* file = from_stdin ? stdin : std::fopen(arguments.hashes.c_str(), "rb");
  if (file == nullptr) {
    PrintMatchError(absl::StrCat(name, ": cannot open: ", std::strerror(errno)));
    return false;
  }
  Status store_error;
  lists::PlainListCallbacks callbacks;
  callbacks.on_entry = [&](const lists::Signal& signal, uint64_t) -> Status {
    scan::BankQuery query;
    query.signal = signal;
    auto matches = matcher.Match(query);
    if (!matches.ok()) {
      store_error = matches.status();
      return store_error;
    }
    printer.Print(signal.ToHex(), signal.type, *matches);
    return Status();
  };
  callbacks.on_problem = [&](const lists::ListProblem& problem) {
    PrintListProblem(name, problem);
  };
  const auto summary = lists::ReadPlainList(file, name, arguments.type, callbacks);
  if (!from_stdin) std::fclose(file);
  if (!store_error.ok()) return store_error;
  if (!summary.ok()) {
    PrintMatchError(std::string(summary.status().message()));
    return false;
  }
  return summary->problems == 0;
}

// Hashes the files under the paths and matches each one's PDQ hash (with its quality, and its
// transforms with --dihedral) and digests; the flood guard counts files by SHA-256. False when
// a file could not be hashed.
Result<bool> MatchPaths(scan::BankMatcher& matcher, const MatchPrinter& printer,
                        const MatchDbArguments& arguments) {
  bool all_ok = true;
  Status store_error;
  hash::FileHashOptions options;
  options.dihedral = arguments.dihedral;
  HashPaths(arguments.paths, options, /*video=*/nullptr, arguments.jobs,
            [&](const std::string& path, MediaRecord&& media) {
              hash::FileHashRecord& record = media.file;
              if (!store_error.ok()) return;
              // Files that are not pictures are still matched by their digests.
              if (record.format == image::ImageFormat::kUnknown && record.digests) {
                record.error = absl::OkStatus();
              }
              if (!record.error.ok()) {
                all_ok = false;
                PrintMatchError(absl::StrCat(path, ": ", std::string(record.error.message())));
                printer.PrintFileError(path, record.error);
              }
              if (!record.digests) return;
              const std::string file_key = record.digests->sha256;
              std::vector<scan::BankQuery> queries;
              if (record.pdq) {
                scan::BankQuery pdq;
                pdq.signal.pdq = record.pdq->hashes[0];
                if (arguments.dihedral) {
                  pdq.transforms = std::span<const Hash256>(record.pdq->hashes).subspan(1);
                }
                pdq.quality = record.pdq->quality;
                pdq.file_key = file_key;
                queries.push_back(std::move(pdq));
              }
              for (const auto& [type, hex] :
                   {std::pair{lists::SignalType::kMd5, &record.digests->md5},
                    std::pair{lists::SignalType::kSha1, &record.digests->sha1},
                    std::pair{lists::SignalType::kSha256, &record.digests->sha256}}) {
                scan::BankQuery digest;
                digest.signal = lists::ParseSignal(type, *hex).value();
                digest.file_key = file_key;
                queries.push_back(std::move(digest));
              }
              for (const scan::BankQuery& query : queries) {
                auto matches = matcher.Match(query);
                if (!matches.ok()) {
                  store_error = matches.status();
                  return;
                }
                printer.Print(path, query.signal.type, *matches);
              }
            });
  if (!store_error.ok()) return store_error;
  return all_ok;
}

}  // namespace

int RunMatchDb(const MatchDbArguments& arguments) {
  auto bank_store = OpenStore(arguments.db);
  if (!bank_store.ok()) {
    PrintMatchError(std::string(bank_store.status().message()));
    return 1;
  }
  auto bank_index = scan::BankIndex::Build(*bank_store);
  if (!bank_index.ok()) {
    PrintMatchError(std::string(bank_index.status().message()));
    return 1;
  }
  auto options =
      BankMatchOptions(*bank_store, arguments.banks, arguments.radius, "clearhost match");
  if (!options.ok()) {
    PrintMatchError(std::string(options.status().message()));
    return 1;
  }
  scan::BankMatcher matcher(*bank_index, *bank_store, *std::move(options));
  const MatchPrinter printer(arguments.csv);
  bool all_ok = true;
  Status store_error;
  if (!arguments.hashes.empty()) {
    const auto listed = MatchHashList(matcher, printer, arguments);
    if (listed.ok()) all_ok &= *listed;
    store_error.Update(listed.status());
  }
  if (store_error.ok() && !arguments.paths.empty()) {
    const auto hashed = MatchPaths(matcher, printer, arguments);
    if (hashed.ok()) all_ok &= *hashed;
    store_error.Update(hashed.status());
  }
  std::fflush(stdout);
  if (!store_error.ok()) {
    PrintMatchError(std::string(store_error.message()));
    return 1;
  }
  const scan::MatchCounts& counts = matcher.counts();
  std::string summary = absl::StrCat("clearhost match: ", counts.queries, " queries");
  for (int verdict = 0; verdict < scan::kVerdictCount; ++verdict) {
    absl::StrAppend(&summary, ", ", counts.verdicts[size_t(verdict)], " ",
                    std::string(scan::VerdictName(scan::Verdict(verdict))));
  }
  std::fprintf(stderr, "%s\n", summary.c_str());
  return all_ok ? 0 : 1;
}

}  // namespace clearhost::cli
