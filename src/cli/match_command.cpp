// `clearhost match (--index FILE | --list LIST... | --db sqlite:FILE [--bank NAME...])
//                  [--radius R] [--hashes FILE|-] [--format jsonl|csv] [--type TYPE]
//                  [--dihedral] [--jobs N] [PATH...]`
// `clearhost match --videos KNOWN... [--radius D] [--min-quality F] [--query-percent PQ]
//                  [--candidate-percent PC] [--seconds-per-hash S] QUERY...`
// --index and --list are answered here; --db by cli/match_db.h; --videos by cli/match_videos.h.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/hash_paths.h"
#include "cli/list_options.h"
#include "cli/match_db.h"
#include "cli/match_source.h"
#include "cli/match_videos.h"
#include "index/index_file.h"
#include "lists/list_index.h"

namespace clearhost::cli {
namespace {

enum class MatchFormat { kJsonLines, kCsv };

struct MatchArguments {
  MatchSource source;
  bool radius_given = false;
  std::string hashes;
  std::vector<std::string> paths;
  int radius = 31;
  bool dihedral = false;
  MatchFormat format = MatchFormat::kJsonLines;
  std::string type;
  int jobs = 0;
  VideoMatchArguments videos;
};

// One query's answer: every entry within the radius (PDQ) or equal (digests).
struct Found {
  std::string match;  // hex
  int distance;
  uint64_t id;
  int transform = 0;  // the hash::Dihedral whose query found it (--dihedral)
};

// Queries are answered in chunks, split over the worker threads, and printed in input order.
constexpr size_t kQueryChunk = 4096;

class Matcher {
 public:
  Matcher(const index::IndexSet& indexes, int radius, MatchFormat format, int jobs)
      : indexes_(indexes),
        pdq_(indexes.pdq->snapshot()),
        radius_(radius),
        format_(format),
        jobs_(jobs) {}

  std::vector<Found> Answer(const lists::Signal& query) const {
    std::vector<Found> found;
    if (query.type == lists::SignalType::kPdq) {
      thread_local std::vector<index::Match> matches;
      matches.clear();
      pdq_->Search(query.pdq, radius_, matches);
      std::sort(matches.begin(), matches.end(), [](const index::Match& a, const index::Match& b) {
        return a.distance != b.distance ? a.distance < b.distance : a.id < b.id;
      });
      for (const index::Match& match : matches) {
        found.push_back({match.hash.ToHex(), match.distance, match.id});
      }
      return found;
    }
    const index::DigestIndex* digests = indexes_.Digests(lists::DigestTypeFor(query.type));
    if (digests == nullptr) return found;
    std::vector<uint64_t> ids;
    digests->Find(query.digest_bytes(), ids);
    for (const uint64_t id : ids) found.push_back({query.ToHex(), 0, id});
    return found;
  }

  // Answers `queries` with the worker threads; results[k] belongs to queries[k].
  std::vector<std::vector<Found>> AnswerAll(const std::vector<lists::Signal>& queries) const {
    std::vector<std::vector<Found>> results(queries.size());
    const size_t workers = std::max<size_t>(1, std::min<size_t>(size_t(jobs_), queries.size()));
    {
      std::vector<std::jthread> pool;
      for (size_t w = 0; w < workers; ++w) {
        pool.emplace_back([&, w] {
          for (size_t k = w; k < queries.size(); k += workers) results[k] = Answer(queries[k]);
        });
      }
    }
    return results;
  }

  nlohmann::ordered_json MatchesJson(const std::vector<Found>& found,
                                     lists::SignalType type) const {
    nlohmann::ordered_json matches = nlohmann::ordered_json::array();
    for (const Found& match : found) {
      const uint32_t source = lists::ListEntrySource(match.id);
      nlohmann::ordered_json entry = {{"match", match.match}, {"distance", match.distance}};
      if (type != lists::SignalType::kPdq) entry["type"] = lists::SignalTypeName(type);
      if (match.transform != 0) entry["transform"] = hash::kDihedralNames[match.transform];
      if (source < indexes_.sources.size()) {
        entry["list"] = indexes_.sources[source];
        entry["line"] = lists::ListEntryLine(match.id);
      } else {
        entry["id"] = match.id;
      }
      matches.push_back(std::move(entry));
    }
    return matches;
  }

  void PrintCsv(const std::string& query, const std::vector<Found>& found) const {
    for (const Found& match : found) {
      std::printf("%s,%s,%d\n", query.c_str(), match.match.c_str(), match.distance);
    }
  }

  MatchFormat format() const { return format_; }

 private:
  const index::IndexSet& indexes_;
  const std::shared_ptr<const index::HammingSnapshot> pdq_;
  const int radius_;
  const MatchFormat format_;
  const int jobs_;
};

// Streams the query list, answering it chunk by chunk. False when a line was bad or the list
// could not be read.
bool MatchHashList(const Matcher& matcher, const MatchArguments& arguments) {
  const bool from_stdin = arguments.hashes == "-";
  const std::string name = from_stdin ? "stdin" : arguments.hashes;
  std::FILE* file = from_stdin ? stdin : std::fopen(arguments.hashes.c_str(), "rb");
  if (file == nullptr) {
    std::fprintf(stderr, "clearhost match: %s: cannot open: %s\n", name.c_str(),
                 std::strerror(errno));
    return false;
  }
  std::vector<lists::Signal> queries;
  std::vector<uint64_t> lines;
  const auto flush = [&] {
    const auto results = matcher.AnswerAll(queries);
    for (size_t k = 0; k < queries.size(); ++k) {
      const std::string hex = queries[k].ToHex();
      if (matcher.format() == MatchFormat::kCsv) {
        matcher.PrintCsv(hex, results[k]);
        continue;
      }
      const nlohmann::ordered_json line = {
          {"query", hex},
          {"type", lists::SignalTypeName(queries[k].type)},
          {"input", absl::StrCat(name, ":", lines[k])},
          {"matches", matcher.MatchesJson(results[k], queries[k].type)}};
      std::printf("%s\n", line.dump().c_str());
    }
    queries.clear();
    lines.clear();
  };
  lists::PlainListCallbacks callbacks;
  callbacks.on_entry = [&](const lists::Signal& signal, uint64_t line) {
    queries.push_back(signal);
    lines.push_back(line);
    if (queries.size() == kQueryChunk) flush();
    return absl::OkStatus();
  };
  callbacks.on_problem = [&](const lists::ListProblem& problem) {
    PrintListProblem(name, problem);
  };
  const auto summary = lists::ReadPlainList(file, name, ParseListType(arguments.type), callbacks);
  flush();
  if (!from_stdin) std::fclose(file);
  if (!summary.ok()) {
    std::fprintf(stderr, "clearhost match: %s\n", std::string(summary.status().message()).c_str());
    return false;
  }
  return summary->problems == 0;
}

// One file's queries (its PDQ hash, then its digests) and their answers. With `dihedral`, the
// PDQ answers include what the 7 rotated/flipped hashes find: each entry once, at its smallest
// distance, naming the transform.
std::vector<std::pair<lists::Signal, std::vector<Found>>> AnswerFile(
    const Matcher& matcher, const hash::FileHashRecord& record, bool dihedral) {
  std::vector<std::pair<lists::Signal, std::vector<Found>>> answers;
  if (record.pdq) {
    lists::Signal pdq;
    pdq.pdq = record.pdq->hashes[0];
    std::vector<Found> found = matcher.Answer(pdq);
    for (int t = 1; dihedral && t < hash::kDihedralCount; ++t) {
      lists::Signal transformed;
      transformed.pdq = record.pdq->hashes[t];
      for (Found& more : matcher.Answer(transformed)) {
        more.transform = t;
        auto same = std::find_if(found.begin(), found.end(),
                                 [&](const Found& f) { return f.id == more.id; });
        if (same == found.end()) {
          found.push_back(std::move(more));
        } else if (more.distance < same->distance) {
          *same = std::move(more);
        }
      }
    }
    answers.emplace_back(pdq, std::move(found));
  }
  if (record.digests) {
    for (const auto& [type, hex] :
         {std::pair{lists::SignalType::kMd5, &record.digests->md5},
          std::pair{lists::SignalType::kSha1, &record.digests->sha1},
          std::pair{lists::SignalType::kSha256, &record.digests->sha256}}) {
      const lists::Signal digest = lists::ParseSignal(type, *hex).value();
      answers.emplace_back(digest, matcher.Answer(digest));
    }
  }
  return answers;
}

// Hashes the files under the paths and answers their PDQ hash and digests. False when a file
// could not be hashed.
bool MatchPaths(const Matcher& matcher, const MatchArguments& arguments) {
  bool all_ok = true;
  hash::FileHashOptions options;
  options.dihedral = arguments.dihedral;
  HashPaths(
      arguments.paths, options, /*video=*/nullptr, arguments.jobs,
      [&](const std::string& path, MediaRecord&& media) {
        hash::FileHashRecord& record = media.file;
        // Files that are not pictures are still matched by their digests.
        if (record.format == image::ImageFormat::kUnknown && record.digests) {
          record.error = absl::OkStatus();
        }
        if (!record.error.ok()) {
          all_ok = false;
          std::fprintf(stderr, "clearhost match: %s: %s\n", path.c_str(),
                       std::string(record.error.message()).c_str());
        }
        nlohmann::ordered_json matches = nlohmann::ordered_json::array();
        for (const auto& [query, found] : AnswerFile(matcher, record, arguments.dihedral)) {
          if (matcher.format() == MatchFormat::kCsv) matcher.PrintCsv(query.ToHex(), found);
          for (auto& match : matcher.MatchesJson(found, query.type)) {
            matches.push_back(std::move(match));
          }
        }
        if (matcher.format() == MatchFormat::kCsv) return;
        nlohmann::ordered_json line = {{"path", path}};
        if (record.pdq) {
          line["pdq"] = record.pdq->hashes[0].ToHex();
          line["quality"] = record.pdq->quality;
        }
        if (!record.error.ok()) line["error"] = std::string(record.error.message());
        line["matches"] = std::move(matches);
        std::printf(
            "%s\n",
            line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
      });
  return all_ok;
}

int RunMatch(const MatchArguments& arguments) {
  if (!arguments.source.db.empty()) {
    MatchDbArguments db;
    db.db = arguments.source.db;
    db.banks = arguments.source.banks;
    if (arguments.radius_given) db.radius = arguments.radius;
    db.hashes = arguments.hashes;
    db.paths = arguments.paths;
    db.type = ParseListType(arguments.type);
    db.dihedral = arguments.dihedral;
    db.csv = arguments.format == MatchFormat::kCsv;
    db.jobs = arguments.jobs;
    return RunMatchDb(db);
  }
  Result<index::IndexSet> indexes = absl::UnknownError("no index");
  bool lists_ok = true;
  if (!arguments.source.index.empty()) {
    indexes = index::LoadIndexFile(arguments.source.index, {});
  } else {
    lists::ListIndexOptions options;
    options.type = ParseListType(arguments.type);
    lists::ListIndexSummary summary;
    indexes = lists::BuildListIndexes(arguments.source.lists, options, PrintListProblem, summary);
    lists_ok = summary.problems == 0;
  }
  if (!indexes.ok()) {
    std::fprintf(stderr, "clearhost match: %s\n", std::string(indexes.status().message()).c_str());
    return 1;
  }
  const int jobs =
      arguments.jobs > 0 ? arguments.jobs : int(std::max(1u, std::thread::hardware_concurrency()));
  const Matcher matcher(*indexes, arguments.radius, arguments.format, jobs);
  if (arguments.format == MatchFormat::kCsv) std::printf("query,match,distance\n");
  bool all_ok = lists_ok;
  if (!arguments.hashes.empty()) all_ok &= MatchHashList(matcher, arguments);
  if (!arguments.paths.empty()) all_ok &= MatchPaths(matcher, arguments);
  std::fflush(stdout);
  return all_ok ? 0 : 1;
}

}  // namespace

void RegisterMatchCommand(CLI::App& command, int& exit_code) {
  auto arguments = std::make_shared<MatchArguments>();
  command.description(
      "Prints, for each query, every list entry within --radius bits (PDQ) or equal (MD5,\n"
      "SHA-1, SHA-256), with its distance and the list and line it came from. Queries are the\n"
      "lines of --hashes (a plain list; - reads stdin) and the files under PATH... (hashed like\n"
      "`clearhost hash`). JSON Lines: one object per query; --format csv: query,match,distance.\n"
      "With --db, matches the enabled banks in the store instead: each bank's own\n"
      "match_distance (unless --radius), allow banks suppress block-bank matches, disputed\n"
      "entries never match, low-quality pictures and floods (the flood guard) are reported but\n"
      "not acted on. One JSON object per match with its bank, entry_id and verdict (match,\n"
      "held, suppressed, low_quality); the counts per verdict follow on stderr.\n"
      "With --videos, matches videos by vPDQ: known videos and PATH queries are videos or\n"
      "vPDQ per-frame files (by content); one JSON object per query lists each known video\n"
      "sharing a frame with it, with query_percent (its unique frames of quality >= F found\n"
      "within --radius of the video's) and candidate_percent (the other way round); matched\n"
      "when both reach --query-percent and --candidate-percent.\n"
      "Exit code 0 when every query was answered, 1 when some input was bad (reported on\n"
      "stderr; all others still answered), 2 on a usage error.");
  const MatchSourceOptions source =
      AddMatchSourceOptions(command, arguments->source,
                            "With --db: report only this block bank's matches (repeat for "
                            "several); allow banks always apply; a disabled bank is not "
                            "matched (noted on stderr)");
  command.add_option("--hashes", arguments->hashes, "Query hashes, one per line (- for stdin)");
  command.add_option("paths", arguments->paths, "Files or directories to hash and match");
  command.add_flag("--dihedral", arguments->dihedral,
                   "Also match the 7 rotated/flipped versions of each picture (PATH queries); a "
                   "match found that way names its transform");
  auto* radius =
      command
          .add_option("--radius", arguments->radius,
                      "Largest PDQ distance reported (default 31; with --db: each bank's own "
                      "match_distance)")
          ->check(CLI::Range(0, 256));
  const std::map<std::string, MatchFormat> formats = {{"jsonl", MatchFormat::kJsonLines},
                                                      {"csv", MatchFormat::kCsv}};
  command.add_option("--format", arguments->format, "jsonl (default) or csv")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case));
  AddListTypeOption(command, arguments->type);
  command.add_option("-j,--jobs", arguments->jobs, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  auto* videos =
      command
          .add_option("--videos", arguments->videos.known,
                      "Known videos or vPDQ files (or directories of them) to match PATH videos "
                      "against by vPDQ (repeat for several)")
          ->expected(1)
          ->allow_extra_args(false)
          ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
          ->excludes(source.index)
          ->excludes(source.lists)
          ->excludes(source.db);
  command
      .add_option("--min-quality", arguments->videos.match.min_quality,
                  "--videos: frames of lower PDQ quality are ignored (default 50)")
      ->check(CLI::Range(0, 100))
      ->needs(videos);
  command
      .add_option("--query-percent", arguments->videos.match.min_query_percent,
                  "--videos: share of the query's frames that must be found in a known video "
                  "(default 80)")
      ->check(CLI::Range(0.0, 100.0))
      ->needs(videos);
  command
      .add_option("--candidate-percent", arguments->videos.match.min_candidate_percent,
                  "--videos: share of the known video's frames that must be found in the query "
                  "(default 0)")
      ->check(CLI::Range(0.0, 100.0))
      ->needs(videos);
  command
      .add_option("--seconds-per-hash", arguments->videos.video.seconds_per_hash,
                  "--videos: hash videos one frame every this many seconds (default 1)")
      ->check(CLI::NonNegativeNumber)
      ->needs(videos);
  command.callback([arguments, radius, &exit_code] {
    if (!arguments->videos.known.empty()) {
      if (arguments->paths.empty()) throw CLI::RequiredError("PATH (query videos)");
      if (!arguments->hashes.empty()) throw CLI::ValidationError("--hashes", "not with --videos");
      arguments->videos.queries = arguments->paths;
      arguments->videos.match.max_distance = arguments->radius;
      exit_code = RunVideoMatch(arguments->videos);
      return;
    }
    RequireMatchSource(arguments->source);
    arguments->radius_given = radius->count() > 0;
    if (arguments->hashes.empty() && arguments->paths.empty()) {
      throw CLI::RequiredError("--hashes or PATH");
    }
    exit_code = RunMatch(*arguments);
  });
}

}  // namespace clearhost::cli
