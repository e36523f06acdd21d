// `clearhost scan`'s engine: walk the trees, hash what is found on worker threads, match it,
// report it, act on it, and keep the state that makes the next scan incremental and a killed
// one resumable.
//
//   TreeWalker -> (state lookup: unchanged files reuse their hashes) -> bounded window ->
//   FileScanner on `jobs` workers -> in walk order: ItemMatcher, ScanReport, ScanState
//   checkpoints, then the pending actions (quarantine).
//
// Memory is bounded by the window (a few records per worker), the deepest directory path and
// the largest directory, never by the size of the tree; file contents never leave a worker.
// Thread-safety: RunScan is called from one thread; it starts and joins its workers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "scan/file_scanner.h"
#include "scan/item_matcher.h"
#include "scan/scan_counts.h"
#include "scan/tree_walker.h"

namespace clearhost::scan {

// Where files with an acted-on match of `source` (a bank or list name; empty: any) are moved.
struct QuarantineRule {
  std::string source;
  std::filesystem::path directory;
};

// Where a JSON document about each file with an acted-on match of `source` (empty: any) is
// POSTed; failures are retried with backoff (1 s, 2 s, 4 s, 8 s) before they count as errors.
struct WebhookRule {
  std::string source;
  std::string url;
};

// Where a notice is opened (scan/scan_notice.h) for each file with an acted-on match of
// `source` (empty: any): a case on the `clearhost serve` at `server_url`, with the file's public
// URL from `url_map`. Failures are retried like webhooks; a file without a URL is an error.
struct NoticeRule {
  std::string source{};
  std::string server_url{};
  std::string token{};  // an operator token; never written to the state
  std::vector<std::pair<std::string, std::string>> url_map{};
};

struct ScanProgress {
  const ScanCounts& counts;
  double elapsed_seconds = 0;
  std::optional<uint64_t> total_files;  // once the count-ahead walk is done
  std::optional<uint64_t> total_bytes;
  bool final = false;  // the last call, after the walk
};

struct ScanOptions {
  std::vector<std::string> roots;
  TreeWalkOptions walk;
  FileScanOptions files;
  int jobs = 0;  // 0: all cores
  std::optional<std::filesystem::path> state_directory;
  bool restart = false;                         // with a state: never resume an unfinished run
  std::optional<std::filesystem::path> output;  // the report file; unset: stdout
  std::vector<QuarantineRule> quarantine;
  std::vector<WebhookRule> webhooks;
  std::vector<NoticeRule> notices;
  int webhook_attempts = 5;  // also for notices
  // Describes the lists and matching options: part of what a resumed run must share.
  std::string match_description;
  // Called on the scan's thread at most every `progress_interval_seconds` and once at the end;
  // with it set, a second walk counts the tree ahead for an estimate of the time left.
  std::function<void(const ScanProgress&)> on_progress;
  double progress_interval_seconds = 0.2;
  // How many files between checkpoints of the state (also one at least every second).
  int checkpoint_files = 1000;
};

struct ScanResult {
  ScanCounts counts;
  bool resumed = false;
};

// Runs the scan. An error is returned only when the scan could not go on (the state or the
// report could not be written, the matcher's store failed); unreadable files are counted and
// reported, never an error here.
Result<ScanResult> RunScan(const ScanOptions& options, ItemMatcher& matcher);

}  // namespace clearhost::scan
