// `clearhost scan PATH... (--index FILE | --list LIST... | --db sqlite:FILE [--bank NAME...] |
//                 --server URL [--token T] [--bank NAME...])
//                 [--jobs N] [--state DIR [--restart]] [--output FILE] [--quarantine [SRC=]DIR]
//                 [--follow-symlinks never|inside|always] [--one-file-system] [limits...]`
// The engine is scan/scanner.h; this file parses, builds the matcher, shows progress, and maps
// the outcome onto the exit code (0 scan complete, 1 some items unreadable or the scan stopped,
// 2 usage).
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cli/commands.h"
#include "cli/list_options.h"
#include "cli/match_source.h"
#include "cli/store_options.h"
#include "index/index_file.h"
#include "lists/list_index.h"
#include "scan/bank_index.h"
#include "scan/remote_item_matcher.h"
#include "scan/scan_notice.h"
#include "scan/scanner.h"
#include "scan/webhook.h"

namespace clearhost::cli {
namespace {

enum class ProgressMode { kAuto, kAlways, kNever };

struct ScanArguments {
  std::vector<std::string> paths;
  MatchSource source;
  std::optional<int> radius;
  int min_quality = 50;
  int jobs = 0;
  std::string state;
  bool restart = false;
  std::string output;
  std::vector<std::string> quarantine;
  std::vector<std::string> webhooks;
  int webhook_attempts = 5;
  scan::SymlinkPolicy symlinks = scan::SymlinkPolicy::kNever;
  bool one_file_system = false;
  bool no_archives = false;
  bool no_videos = false;
  int archive_depth = 4;
  uint64_t max_file_size = uint64_t{1} << 30;
  uint64_t max_digest_size = uint64_t{4} << 30;
  uint64_t max_pixels = 100'000'000;
  ProgressMode progress = ProgressMode::kAuto;
  std::string token;
  std::vector<std::string> notices;
  std::vector<std::string> notice_urls;
};

// The API token: --token, else $CLEARHOST_TOKEN.
std::string ApiToken(const ScanArguments& arguments) {
  if (!arguments.token.empty()) return arguments.token;
  const char* token = std::getenv("CLEARHOST_TOKEN");
  return token != nullptr ? token : "";
}

void PrintScanError(const std::string& what) {
  std::fprintf(stderr, "clearhost scan: %s\n", what.c_str());
}

std::string Duration(double seconds) {
  const int64_t whole = int64_t(std::llround(seconds));
  if (whole >= 3600) return absl::StrFormat("%dh%02dm", whole / 3600, whole / 60 % 60);
  if (whole >= 60) return absl::StrFormat("%dm%02ds", whole / 60, whole % 60);
  return absl::StrFormat("%ds", whole);
}

// One line on the terminal, rewritten in place: files/s, MB/s, matches, errors, ETA.
void ShowProgress(const scan::ScanProgress& progress) {
  const scan::ScanCounts& counts = progress.counts;
  const double seconds = std::max(progress.elapsed_seconds, 1e-3);
  std::string line = absl::StrFormat("\r%llu", counts.files);
  if (progress.total_files) absl::StrAppendFormat(&line, "/%llu", *progress.total_files);
  absl::StrAppendFormat(&line, " files  %.0f files/s  %.1f MB/s  %llu matches  %llu errors",
                        double(counts.files) / seconds, double(counts.bytes) / seconds / 1e6,
                        counts.acted, counts.errors);
  if (progress.total_bytes && !progress.final && counts.bytes > 0) {
    const double rate = double(counts.bytes) / seconds;
    const double left =
        double(*progress.total_bytes - std::min(*progress.total_bytes, counts.bytes));
    absl::StrAppend(&line, "  ETA ", Duration(left / rate));
  }
  absl::StrAppend(&line, "\x1b[K");
  if (progress.final) absl::StrAppend(&line, "\n");
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

// "SOURCE=VALUE" or "VALUE" (any source) as {source, value}. A value that is a URL is never
// split: URLs may hold '=' themselves.
Result<std::pair<std::string, std::string>> SourceRule(const std::string& option,
                                                       const std::string& text) {
  std::pair<std::string, std::string> rule{"", text};
  const size_t equals = text.find('=');
  if (!text.starts_with("http://") && !text.starts_with("https://") &&
      equals != std::string::npos) {
    rule = {text.substr(0, equals), text.substr(equals + 1)};
  }
  if (rule.second.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(option, " ", text, ": nothing after the ="));
  }
  return rule;
}

Status AddActionRules(const ScanArguments& arguments, scan::ScanOptions& options) {
  for (const std::string& text : arguments.quarantine) {
    CLEARHOST_ASSIGN_OR_RETURN(auto rule, SourceRule("--quarantine", text));
    options.quarantine.push_back({rule.first, rule.second});
  }
  for (const std::string& text : arguments.webhooks) {
    CLEARHOST_ASSIGN_OR_RETURN(auto rule, SourceRule("--webhook", text));
    CLEARHOST_RETURN_IF_ERROR(scan::CheckWebhookUrl(rule.second));
    options.webhooks.push_back({rule.first, rule.second});
  }
  options.webhook_attempts = arguments.webhook_attempts;
  scan::UrlMap url_map;
  for (const std::string& text : arguments.notice_urls) {
    const size_t equals = text.find('=');
    if (equals == std::string::npos || equals == 0 ||
        scan::CheckWebhookUrl(text.substr(equals + 1)).ok() == false) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--notice-url ", text,
          ": expected PATH_PREFIX=URL_PREFIX, e.g. /srv/www/shop1=https://shop1.example"));
    }
    url_map.emplace_back(text.substr(0, equals), text.substr(equals + 1));
  }
  if (!arguments.notices.empty() && url_map.empty()) {
    return absl::InvalidArgumentError("--notice needs --notice-url: a notice names a public URL");
  }
  if (!arguments.notices.empty() && ApiToken(arguments).empty()) {
    return absl::InvalidArgumentError("--notice needs an API token (--token or $CLEARHOST_TOKEN)");
  }
  for (const std::string& text : arguments.notices) {
    CLEARHOST_ASSIGN_OR_RETURN(auto rule, SourceRule("--notice", text));
    CLEARHOST_RETURN_IF_ERROR(scan::CheckWebhookUrl(rule.second));
    options.notices.push_back({rule.first, rule.second, ApiToken(arguments), url_map});
  }
  return Status();
}

int RunScanCommand(const ScanArguments& arguments) {
  scan::ScanOptions options;
  options.roots = arguments.paths;
  options.walk.symlinks = arguments.symlinks;
  options.walk.one_file_system = arguments.one_file_system;
  options.files.hashing.max_file_bytes = arguments.max_file_size;
  options.files.hashing.max_pixels = arguments.max_pixels;
  options.files.max_digest_bytes = arguments.max_digest_size;
  options.files.open_archives = !arguments.no_archives;
  options.files.hash_videos = !arguments.no_videos;
  options.files.archives.max_depth = arguments.archive_depth;
  options.jobs = arguments.jobs;
  if (!arguments.state.empty()) options.state_directory = arguments.state;
  options.restart = arguments.restart;
  if (!arguments.output.empty()) options.output = arguments.output;
  const Status rules = AddActionRules(arguments, options);
  if (!rules.ok()) {
    PrintScanError(std::string(rules.message()));
    return 2;
  }
  const bool terminal = isatty(STDERR_FILENO) != 0;
  if (arguments.progress == ProgressMode::kAlways ||
      (arguments.progress == ProgressMode::kAuto && terminal)) {
    options.on_progress = ShowProgress;
  }

  // The matcher, and what it matches against (kept alive for the scan).
  std::unique_ptr<scan::ItemMatcher> matcher;
  std::optional<store::BankStore> bank_store;
  std::optional<scan::BankIndex> bank_index;
  const int radius = arguments.radius.value_or(31);
  if (!arguments.source.server.empty()) {
    scan::RemoteMatchOptions remote;
    remote.server = {.server_url = arguments.source.server, .token = ApiToken(arguments)};
    remote.banks = arguments.source.banks;
    remote.radius = arguments.radius;
    auto remote_matcher = scan::MakeRemoteItemMatcher(std::move(remote));
    if (!remote_matcher.ok()) {
      PrintScanError(std::string(remote_matcher.status().message()));
      return absl::IsInvalidArgument(remote_matcher.status()) ? 2 : 1;
    }
    matcher = *std::move(remote_matcher);
    options.match_description = absl::StrCat("server=", arguments.source.server,
                                             " banks=", absl::StrJoin(arguments.source.banks, ","),
                                             " radius=", arguments.radius.value_or(-1));
  } else if (!arguments.source.db.empty()) {
    auto opened = OpenStore(arguments.source.db);
    if (!opened.ok()) {
      PrintScanError(std::string(opened.status().message()));
      return 1;
    }
    bank_store.emplace(*std::move(opened));
    auto built = scan::BankIndex::Build(*bank_store);
    if (!built.ok()) {
      PrintScanError(std::string(built.status().message()));
      return 1;
    }
    bank_index.emplace(*std::move(built));
    auto match_options =
        BankMatchOptions(*bank_store, arguments.source.banks, arguments.radius, "clearhost scan");
    if (!match_options.ok()) {
      PrintScanError(std::string(match_options.status().message()));
      return 1;
    }
    matcher = scan::MakeBankItemMatcher(*bank_index, *bank_store, *std::move(match_options));
    options.match_description = absl::StrCat("db=", arguments.source.db,
                                             " banks=", absl::StrJoin(arguments.source.banks, ","),
                                             " radius=", arguments.radius.value_or(-1));
  } else {
    Result<index::IndexSet> indexes = absl::UnknownError("no index");
    if (!arguments.source.index.empty()) {
      indexes = index::LoadIndexFile(arguments.source.index, {});
    } else {
      lists::ListIndexSummary summary;
      indexes = lists::BuildListIndexes(arguments.source.lists, {}, PrintListProblem, summary);
      if (indexes.ok() && summary.problems > 0) {
        PrintScanError(absl::StrCat(summary.problems, " bad list lines (above): not matched"));
      }
    }
    if (!indexes.ok()) {
      PrintScanError(std::string(indexes.status().message()));
      return 1;
    }
    matcher = scan::MakeIndexItemMatcher(*std::move(indexes), radius, arguments.min_quality);
    options.match_description = absl::StrCat(
        "index=", arguments.source.index, " lists=", absl::StrJoin(arguments.source.lists, ","),
        " radius=", radius, " min_quality=", arguments.min_quality);
  }

  const auto result = scan::RunScan(options, *matcher);
  if (!result.ok()) {
    PrintScanError(absl::StrCat("scan stopped: ", result.status().message(),
                                options.state_directory ? " (run it again to resume)" : ""));
    return 1;
  }
  const scan::ScanCounts& counts = result->counts;
  std::fprintf(
      stderr,
      "clearhost scan: %s%llu files (%llu hashed, %llu unchanged), %llu archive "
      "members, %llu pictures, %llu videos, %llu matches acted on (%llu held, %llu "
      "suppressed, %llu "
      "low quality), %llu quarantined, %llu posted, %llu noticed, %llu skipped, %llu errors\n",
      result->resumed ? "resumed run: " : "", (unsigned long long)counts.files,
      (unsigned long long)counts.hashed_files, (unsigned long long)counts.reused_files,
      (unsigned long long)counts.members, (unsigned long long)counts.pictures,
      (unsigned long long)counts.videos, (unsigned long long)counts.acted,
      (unsigned long long)counts.held, (unsigned long long)counts.suppressed,
      (unsigned long long)counts.low_quality, (unsigned long long)counts.quarantined,
      (unsigned long long)counts.posted, (unsigned long long)counts.noticed,
      (unsigned long long)counts.skipped, (unsigned long long)counts.errors);
  return counts.errors > 0 ? 1 : 0;
}

}  // namespace

void RegisterScanCommand(CLI::App& command, int& exit_code) {
  auto arguments = std::make_shared<ScanArguments>();
  command.description(
      "Scans trees for known material: walks them (symlinks not followed unless asked; special\n"
      "files skipped and reported), identifies files by content, decodes and hashes pictures\n"
      "and videos (vPDQ: each sampled frame's PDQ hash is matched),\n"
      "opens archives (zip, tar.*, 7z, rar, ...; nested, within limits against bombs), and\n"
      "matches PDQ hashes and MD5/SHA-1/SHA-256 against an index file, lists, or the banks of\n"
      "the store. JSON Lines on stdout (or --output): \"match\", \"error\" and \"skipped\"\n"
      "records, then a \"summary\". With --state DIR, unchanged files are not read again and a\n"
      "killed scan resumes where it stopped (with --output, every result is reported exactly\n"
      "once). Nothing but hashes and metadata is kept.\n"
      "Exit code 0 when the scan completed (matches are not errors), 1 when some items could\n"
      "not be read or the scan stopped, 2 on a usage error.");
  command.add_option("paths", arguments->paths, "Files and directories to scan")->required();
  const MatchSourceOptions source = AddMatchSourceOptions(
      command, arguments->source,
      "With --db or --server: act only on this block bank's matches (repeat for several); "
      "allow banks always apply; a disabled bank is not matched (noted on stderr)");
  auto* server = command.add_option(
      "--server", arguments->source.server,
      "Remote mode: match through this clearhost serve (http(s)://HOST:PORT; hashes are sent, "
      "never content) instead of a local index or store");
  server->excludes(source.index)->excludes(source.lists)->excludes(source.db);
  command.add_option("--token", arguments->token,
                     "With --server or --notice: an operator API token (default: "
                     "$CLEARHOST_TOKEN, which keeps it out of the process list)");
  command
      .add_option("--radius", arguments->radius,
                  "Largest PDQ distance that matches (default 31; with --db each bank's own)")
      ->check(CLI::Range(0, 256));
  command
      .add_option("--min-quality", arguments->min_quality,
                  "PDQ matches of pictures below this quality are reported as low_quality and "
                  "not acted on (default 50; with --db each bank's own)")
      ->check(CLI::Range(0, 100));
  command.add_option("-j,--jobs", arguments->jobs, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  auto* state = command.add_option(
      "--state", arguments->state,
      "State directory: unchanged files reuse their hashes; an unfinished run is resumed");
  command.add_flag("--restart", arguments->restart, "With --state: start a new run, do not resume")
      ->needs(state);
  command.add_option("--output", arguments->output,
                     "Write the JSON Lines report to this file instead of stdout");
  command
      .add_option("--quarantine", arguments->quarantine,
                  "Move files with an acted-on match into DIR (with a manifest); SOURCE=DIR "
                  "only for that bank or list (repeat)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command
      .add_option("--notice", arguments->notices,
                  "Open a case (POST /v1/notices, proactive_match) on this clearhost serve URL for "
                  "each file with an acted-on match; SOURCE=URL only for that bank or list; "
                  "retried with backoff; a rescan finds the same case")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command
      .add_option("--notice-url", arguments->notice_urls,
                  "PATH_PREFIX=URL_PREFIX: the public URL of files under PATH_PREFIX, for notices "
                  "(repeat; the first that applies wins)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command
      .add_option("--webhook", arguments->webhooks,
                  "POST a JSON document per file with an acted-on match to URL; SOURCE=URL only "
                  "for that bank or list (repeat); retried with backoff")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command
      .add_option("--webhook-attempts", arguments->webhook_attempts,
                  "Attempts per webhook document before it counts as an error (default 5; "
                  "waits 1, 2, 4, 8 s between them)")
      ->check(CLI::Range(1, 20));
  const std::map<std::string, scan::SymlinkPolicy> symlinks = {
      {"never", scan::SymlinkPolicy::kNever},
      {"inside", scan::SymlinkPolicy::kInsideRoots},
      {"always", scan::SymlinkPolicy::kAlways}};
  command
      .add_option("--follow-symlinks", arguments->symlinks,
                  "never (default), inside (only to targets inside the scanned trees), always")
      ->transform(CLI::CheckedTransformer(symlinks, CLI::ignore_case));
  command.add_flag("--one-file-system", arguments->one_file_system,
                   "Do not descend into other file systems");
  command.add_flag("--no-archives", arguments->no_archives,
                   "Do not open archives (their digests are still matched)");
  command
      .add_option("--archive-depth", arguments->archive_depth,
                  "Archives nested deeper than this are reported, not opened (default 4)")
      ->check(CLI::Range(1, 32));
  command.add_option("--max-file-size", arguments->max_file_size,
                     "Largest picture file decoded, in bytes (default 1 GiB)");
  command.add_option("--max-digest-size", arguments->max_digest_size,
                     "Largest file whose digests are taken, in bytes (default 4 GiB)");
  command.add_option("--max-pixels", arguments->max_pixels,
                     "Largest picture decoded, in pixels (default 100 million)");
  const std::map<std::string, ProgressMode> progress = {{"auto", ProgressMode::kAuto},
                                                        {"always", ProgressMode::kAlways},
                                                        {"never", ProgressMode::kNever}};
  command
      .add_option("--progress", arguments->progress,
                  "Progress line on stderr: auto (default: when stderr is a terminal), always, "
                  "never")
      ->transform(CLI::CheckedTransformer(progress, CLI::ignore_case));
  command.callback([arguments, &exit_code] {
    RequireMatchSource(arguments->source);
    exit_code = RunScanCommand(*arguments);
  });
}

}  // namespace clearhost::cli
