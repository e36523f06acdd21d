#include "scan/scanner.h"

#include <atomic>
#include <chrono>
#include <climits>
#include <nlohmann/json.hpp>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/clock.h"
#include "core/ordered_parallel.h"
#include "scan/api_client.h"
#include "scan/quarantine.h"
#include "scan/scan_notice.h"
#include "scan/scan_report.h"
#include "scan/scan_state.h"
#include "scan/webhook.h"

namespace clearhost::scan {
namespace {

using Clock = std::chrono::steady_clock;

// What makes kept hashes valid: every option that changes what a file hashes to.
std::string HashingDescription(const FileScanOptions& files) {
  const ArchiveLimits& limits = files.archives;
  return absl::StrCat("mode=", int(files.hashing.mode), " max_file=", files.hashing.max_file_bytes,
                      " max_pixels=", files.hashing.max_pixels,
                      " fast_min=", files.hashing.fast_min_dimension,
                      " archives=", files.open_archives, " depth=", limits.max_depth,
                      " member=", limits.max_member_bytes, " total=", limits.max_total_bytes,
                      " members=", limits.max_members, " ratio=", limits.max_ratio, "/",
                      limits.ratio_floor_bytes, " max_digest=", files.max_digest_bytes);
}

// What a resumed run must share with the run it resumes.
std::string RunDescription(const ScanOptions& options) {
  std::string description = absl::StrCat(
      "roots=", absl::StrJoin(options.roots, "\x1f"), " symlinks=", int(options.walk.symlinks),
      " one_fs=", options.walk.one_file_system, " depth=", options.walk.max_depth,
      " output=", options.output ? options.output->string() : "-",
      " match=", options.match_description, " ", HashingDescription(options.files));
  for (const QuarantineRule& rule : options.quarantine) {
    absl::StrAppend(&description, " quarantine=", rule.source, ":", rule.directory.string());
  }
  for (const WebhookRule& rule : options.webhooks) {
    absl::StrAppend(&description, " webhook=", rule.source, ":", rule.url);
  }
  for (const NoticeRule& rule : options.notices) {
    absl::StrAppend(&description, " notice=", rule.source, ":", rule.server_url);
  }
  return description;
}

struct WorkItem {
  WalkedFile walked;
  std::optional<std::vector<ScannedItem>> reused;  // kept hashes of an unchanged file
};

// Counts the files and bytes under the roots on its own thread, for the estimate of time left.
class CountAhead {
 public:
  CountAhead(const std::vector<std::string>& roots, const TreeWalkOptions& walk)
      : thread_([this, roots, walk](std::stop_token stop) {
          TreeWalker walker(roots, walk);
          while (!stop.stop_requested()) {
            const auto walked = walker.Next();
            if (!walked) break;
            if (walked->kind != WalkedKind::kFile) continue;
            files_.fetch_add(1, std::memory_order_relaxed);
            bytes_.fetch_add(walked->identity.size, std::memory_order_relaxed);
          }
          done_.store(true, std::memory_order_release);
        }) {}

  bool done() const { return done_.load(std::memory_order_acquire); }
  uint64_t files() const { return files_.load(std::memory_order_relaxed); }
  uint64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> files_{0};
  std::atomic<uint64_t> bytes_{0};
  std::atomic<bool> done_{false};
  std::jthread thread_;  // last: joined before the counters go
};

class Scan {
 public:
  Scan(const ScanOptions& options, ItemMatcher& matcher, ScanReport report,
       std::optional<ScanState> state, ScanCounts counts)
      : options_(options),
        matcher_(matcher),
        report_(std::move(report)),
        state_(std::move(state)),
        counts_(counts) {}

  Status Run() {
    CLEARHOST_RETURN_IF_ERROR(DoPendingActions());
    std::optional<CountAhead> count_ahead;
    if (options_.on_progress) count_ahead.emplace(options_.roots, options_.walk);
    count_ahead_ = count_ahead ? &*count_ahead : nullptr;
    TreeWalker walker(options_.roots, options_.walk);
    const int jobs =
        options_.jobs > 0 ? options_.jobs : int(std::max(1u, std::thread::hardware_concurrency()));
    OrderedParallel<WorkItem, std::vector<ScannedItem>, FileScanner> pool(jobs, size_t(jobs) * 16);
    pool.Run([&] { return Produce(walker); }, [&] { return FileScanner(options_.files); },
             [](FileScanner& scanner, const WorkItem& item) { return Work(scanner, item); },
             [&](const WorkItem& item, std::vector<ScannedItem>&& items) {
               Consume(item, std::move(items));
             });
    CLEARHOST_RETURN_IF_ERROR(failure_);
    CLEARHOST_RETURN_IF_ERROR(Checkpoint());
    CLEARHOST_RETURN_IF_ERROR(DoPendingActions(/*final=*/true));
    CLEARHOST_RETURN_IF_ERROR(report_.Sync().status());
    if (state_) CLEARHOST_RETURN_IF_ERROR(state_->FinishRun(options_.roots));
    report_.Summary(counts_.ToJson());
    CLEARHOST_RETURN_IF_ERROR(report_.Sync().status());
    Progress(true);
    return Status();
  }

  const ScanCounts& counts() const { return counts_; }

 private:
  std::optional<WorkItem> Produce(TreeWalker& walker) {
    while (failure_.ok()) {
      std::optional<WalkedFile> walked = walker.Next();
      if (!walked) return std::nullopt;
      WorkItem item{std::move(*walked), std::nullopt};
      if (!state_) return item;
      auto kept = state_->Lookup(item.walked.path);
      if (!kept.ok()) {
        failure_ = kept.status();
        return std::nullopt;
      }
      if (*kept && (*kept)->run_id == state_->run_id()) continue;  // reported before the restart
      if (*kept && item.walked.kind == WalkedKind::kFile && (*kept)->reusable &&
          (*kept)->identity == item.walked.identity) {
        item.reused = std::move((*kept)->items);
      }
      return item;
    }
    return std::nullopt;
  }

  static std::vector<ScannedItem> Work(FileScanner& scanner, const WorkItem& item) {
    if (item.reused) return *item.reused;
    if (item.walked.kind != WalkedKind::kFile) {
      ScannedItem problem;
      problem.path = item.walked.path;
      problem.error = item.walked.problem;
      return {std::move(problem)};
    }
    return scanner.ScanFile(item.walked.path);
  }

  void Consume(const WorkItem& item, std::vector<ScannedItem>&& items) {
    if (!failure_.ok()) return;
    std::vector<PendingAction> actions;
    if (item.walked.kind == WalkedKind::kSkipped) {
      ++counts_.skipped;
      report_.Skipped(item.walked.path, item.walked.problem);
    } else if (item.walked.kind == WalkedKind::kProblem) {
      ++counts_.errors;
      report_.Error(item.walked.path, item.walked.problem);
    } else {
      ConsumeFile(item, items, actions);
    }
    if (state_) {
      const Status recorded =
          state_->Record(item.walked.path, item.walked.identity, items, actions);
      if (!recorded.ok()) {
        failure_ = recorded;
        return;
      }
    } else {
      pending_.insert(pending_.end(), actions.begin(), actions.end());
    }
    ++since_checkpoint_;
    const auto now = Clock::now();
    if (since_checkpoint_ >= options_.checkpoint_files ||
        now - last_checkpoint_ >= std::chrono::seconds(1)) {
      failure_.Update(Checkpoint());
    }
    if (options_.on_progress &&
        now - last_progress_ >= std::chrono::duration<double>(options_.progress_interval_seconds)) {
      Progress(false);
    }
  }

  void ConsumeFile(const WorkItem& item, const std::vector<ScannedItem>& items,
                   std::vector<PendingAction>& actions) {
    ++counts_.files;
    counts_.bytes += item.walked.identity.size;
    ++(item.reused ? counts_.reused_files : counts_.hashed_files);
    // What was acted on, per quarantine and webhook rule that applies.
    std::vector<nlohmann::json> quarantined(options_.quarantine.size(), nlohmann::json::array());
    std::vector<nlohmann::json> posted(options_.webhooks.size(), nlohmann::json::array());
    std::vector<nlohmann::json> noticed(options_.notices.size(), nlohmann::json::array());
    for (size_t k = 0; k < items.size(); ++k) {
      const ScannedItem& scanned = items[k];
      ++counts_.items;
      if (k > 0) ++counts_.members;
      if (scanned.kind == ContentKind::kArchive) ++counts_.archives;
      if (scanned.pdq) ++counts_.pictures;
      if (!scanned.frames.empty()) ++counts_.videos;
      if (!scanned.error.ok()) {
        ++counts_.errors;
        report_.Error(scanned.path, scanned.error);
      }
      matches_.clear();
      const Status matched = matcher_.Match(scanned, matches_);
      if (!matched.ok()) {
        failure_ = matched;
        return;
      }
      for (const ItemMatch& match : matches_) {
        report_.Match(scanned, match);
        Count(match.verdict);
        if (match.verdict != Verdict::kMatch) continue;
        const nlohmann::json described = {
            {"path", scanned.path},
            {"signal_type", std::string(lists::SignalTypeName(match.query.type))},
            {"signal", match.query.ToHex()},
            {"match", match.match.ToHex()},
            {"distance", match.distance},
            {"source", match.source}};
        for (size_t r = 0; r < options_.quarantine.size(); ++r) {
          const std::string& source = options_.quarantine[r].source;
          if (source.empty() || source == match.source) quarantined[r].push_back(described);
        }
        for (size_t r = 0; r < options_.webhooks.size(); ++r) {
          const std::string& source = options_.webhooks[r].source;
          if (source.empty() || source == match.source) posted[r].push_back(described);
        }
        for (size_t r = 0; r < options_.notices.size(); ++r) {
          const std::string& source = options_.notices[r].source;
          if (source.empty() || source == match.source) noticed[r].push_back(described);
        }
      }
    }
    if (!items[0].digests) return;
    const std::string& sha256 = items[0].digests->sha256;
    for (size_t r = 0; r < posted.size(); ++r) {
      if (posted[r].empty()) continue;
      const nlohmann::json body = {{"type", "clearhost.scan.match"},
                                   {"path", item.walked.path},
                                   {"sha256", sha256},
                                   {"bytes", item.walked.identity.size},
                                   {"matches", posted[r]}};
      const nlohmann::json payload = {
          {"url", options_.webhooks[r].url}, {"body", body}, {"attempts", 0}, {"next_us", 0}};
      actions.push_back({0, item.walked.path, "webhook", payload.dump()});
    }
    for (size_t r = 0; r < noticed.size(); ++r) {
      if (noticed[r].empty()) continue;
      Result<std::string> url = PublicUrl(item.walked.path, options_.notices[r].url_map);
      if (!url.ok()) {
        ++counts_.errors;
        report_.Error(item.walked.path, url.status());
        continue;
      }
      const nlohmann::json payload = {
          {"rule", r},
          {"body", NoticeBody(item.walked.path, sha256, *url, noticed[r])},
          {"attempts", 0},
          {"next_us", 0}};
      actions.push_back({0, item.walked.path, "notice", payload.dump()});
    }
    // Quarantine last: the file is moved once, by the first rule that applies.
    for (size_t r = 0; r < quarantined.size(); ++r) {
      if (quarantined[r].empty()) continue;
      const nlohmann::json payload = {{"directory", options_.quarantine[r].directory.string()},
                                      {"sha256", sha256},
                                      {"matches", quarantined[r]}};
      actions.push_back({0, item.walked.path, "quarantine", payload.dump()});
      break;
    }
  }

  void Count(Verdict verdict) {
    ++counts_.matches;
    switch (verdict) {
      case Verdict::kMatch:
        ++counts_.acted;
        break;
      case Verdict::kHeld:
        ++counts_.held;
        break;
      case Verdict::kSuppressed:
        ++counts_.suppressed;
        break;
      case Verdict::kLowQuality:
        ++counts_.low_quality;
        break;
    }
  }

  // Makes the report durable, commits the state with it, then does the actions.
  Status Checkpoint() {
    since_checkpoint_ = 0;
    last_checkpoint_ = Clock::now();
    CLEARHOST_ASSIGN_OR_RETURN(const uint64_t bytes, report_.Sync());
    if (state_) CLEARHOST_RETURN_IF_ERROR(state_->Checkpoint(bytes, counts_.ToJson()));
    return DoPendingActions();
  }

  // Does the actions whose time has come. A webhook that fails is retried later with backoff;
  // with `final`, waits for those retries until each action succeeded or ran out of attempts.
  Status DoPendingActions(bool final = false) {
    while (true) {
      std::vector<PendingAction> actions;
      if (state_) {
        CLEARHOST_ASSIGN_OR_RETURN(actions, state_->PendingActions());
      } else {
        actions.swap(pending_);
      }
      int64_t next_retry_us = INT64_MAX;
      for (PendingAction& action : actions) {
        nlohmann::json payload = nlohmann::json::parse(action.payload, nullptr, false);
        const int64_t now_us = SystemClockMicros();
        const bool retried = action.action == "webhook" || action.action == "notice";
        if (retried && payload.is_object() && payload.value("next_us", int64_t{0}) > now_us) {
          next_retry_us = std::min(next_retry_us, payload.value("next_us", int64_t{0}));
          if (!state_) pending_.push_back(std::move(action));
          continue;
        }
        Status done = DoAction(action, payload);
        if (absl::IsUnavailable(done) && retried) {
          const int attempts = payload.value("attempts", 0) + 1;
          if (attempts < options_.webhook_attempts) {
            const int64_t retry_us = now_us + (int64_t{1'000'000} << (attempts - 1));
            payload["attempts"] = attempts;
            payload["next_us"] = retry_us;
            next_retry_us = std::min(next_retry_us, retry_us);
            action.payload = payload.dump();
            if (state_) {
              CLEARHOST_RETURN_IF_ERROR(state_->UpdateAction(action.id, action.payload));
            } else {
              pending_.push_back(std::move(action));
            }
            continue;
          }
          done = absl::UnavailableError(
              absl::StrCat(done.message(), " (gave up after ", attempts, " attempts)"));
        }
        if (!done.ok()) {
          ++counts_.errors;
          report_.Error(action.path, done);
        }
        if (state_) CLEARHOST_RETURN_IF_ERROR(state_->ActionDone(action.id));
      }
      if (!final || next_retry_us == INT64_MAX) return Status();
      const int64_t wait_us = next_retry_us - SystemClockMicros();
      if (wait_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(wait_us));
    }
  }

  Status DoAction(const PendingAction& action, const nlohmann::json& payload) {
    if (!payload.is_object()) {
      return absl::DataLossError(absl::StrCat("corrupt pending action ", action.action));
    }
    if (action.action == "quarantine") {
      const auto moved =
          QuarantineFile(action.path, payload.value("directory", ""), payload.value("sha256", ""),
                         payload.value("matches", nlohmann::json()).dump());
      if (moved.ok()) ++counts_.quarantined;
      return moved.status();
    }
    if (action.action == "webhook") {
      const Status posted =
          PostJson(payload.value("url", ""),
                   payload.value("body", nlohmann::json())
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      if (posted.ok()) ++counts_.posted;
      return posted;
    }
    if (action.action == "notice") {
      const size_t rule = payload.value("rule", size_t{0});
      if (rule >= options_.notices.size()) {
        return absl::FailedPreconditionError("a pending notice of a rule this run lacks");
      }
      if (notice_clients_.empty()) notice_clients_.resize(options_.notices.size());
      if (notice_clients_[rule] == nullptr) {
        CLEARHOST_ASSIGN_OR_RETURN(
            notice_clients_[rule],
            ApiClient::Create({.server_url = options_.notices[rule].server_url,
                               .token = options_.notices[rule].token,
                               .attempts = 1}));
      }
      const Result<nlohmann::json> opened = notice_clients_[rule]->Post(
          "/v1/notices", payload.value("body", nlohmann::json()).dump());
      if (opened.ok()) ++counts_.noticed;
      return opened.status();
    }
    return absl::DataLossError(absl::StrCat("unknown pending action ", action.action));
  }

  void Progress(bool final) {
    last_progress_ = Clock::now();
    if (!options_.on_progress) return;
    ScanProgress progress{counts_, 0, std::nullopt, std::nullopt, false};
    progress.elapsed_seconds = std::chrono::duration<double>(last_progress_ - started_).count();
    if (count_ahead_ != nullptr && count_ahead_->done()) {
      progress.total_files = count_ahead_->files();
      progress.total_bytes = count_ahead_->bytes();
    }
    progress.final = final;
    options_.on_progress(progress);
  }

  const ScanOptions& options_;
  ItemMatcher& matcher_;
  ScanReport report_;
  std::optional<ScanState> state_;
  ScanCounts counts_;
  Status failure_;
  std::vector<PendingAction> pending_;  // without a state: actions waiting for the next sync
  std::vector<ItemMatch> matches_;      // scratch
  std::vector<std::unique_ptr<ApiClient>> notice_clients_;  // per notice rule, made when used
  const CountAhead* count_ahead_ = nullptr;
  int since_checkpoint_ = 0;
  const Clock::time_point started_ = Clock::now();
  Clock::time_point last_checkpoint_ = started_;
  Clock::time_point last_progress_ = started_;
};

}  // namespace

Result<ScanResult> RunScan(const ScanOptions& options, ItemMatcher& matcher) {
  std::optional<ScanState> state;
  ScanResult result;
  uint64_t keep_bytes = 0;
  if (options.state_directory) {
    CLEARHOST_ASSIGN_OR_RETURN(
        ScanState opened,
        ScanState::Open(*options.state_directory, HashingDescription(options.files)));
    CLEARHOST_ASSIGN_OR_RETURN(const auto run,
                               opened.BeginRun(RunDescription(options), options.restart));
    state.emplace(std::move(opened));
    if (run.resumed) {
      result.resumed = true;
      keep_bytes = run.output_bytes;
      if (!run.counts.empty()) {
        CLEARHOST_ASSIGN_OR_RETURN(result.counts, ScanCounts::FromJson(run.counts));
      }
    }
  }
  ScanReport report;
  if (options.output) {
    CLEARHOST_ASSIGN_OR_RETURN(report, ScanReport::OpenFile(*options.output, keep_bytes));
  }
  Scan scan(options, matcher, std::move(report), std::move(state), result.counts);
  const Status status = scan.Run();
  result.counts = scan.counts();
  if (!status.ok()) return status;
  return result;
}

}  // namespace clearhost::scan
