#include "server/deadline_alerter.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "absl/time/time.h"
#include "cases/case_store.h"
#include "core/clock.h"
#include "scan/webhook.h"
#include "server/case_json.h"

namespace clearhost::server {
namespace {

void LogAlertProblem(const std::string& what, const Status& status) {
  std::fprintf(stderr, "%s\n",
               nlohmann::json{{"level", "warning"},
                              {"component", "deadline_alerts"},
                              {"message", what},
                              {"error", std::string(status.message())}}
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                   .c_str());
}

}  // namespace

DeadlineAlerter::DeadlineAlerter(ConnectionPool& pool, std::string webhook, int64_t horizon_micros,
                                 int64_t interval_ms)
    : pool_(pool),
      webhook_(std::move(webhook)),
      horizon_micros_(horizon_micros),
      interval_ms_(interval_ms),
      thread_([this] { Loop(); }) {}

DeadlineAlerter::~DeadlineAlerter() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  thread_.join();
}

void DeadlineAlerter::Loop() {
  while (true) {
    RunOnce();
    absl::MutexLock lock(&mutex_);
    const auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return stopping_; };
    mutex_.AwaitWithTimeout(absl::Condition(&stopping), absl::Milliseconds(interval_ms_));
    if (stopping_) return;
  }
}

void DeadlineAlerter::RunOnce() {
  Result<ConnectionLease> lease = pool_.Lease();
  if (!lease.ok()) return LogAlertProblem("no database connection", lease.status());
  cases::CaseStore store(lease->connection());
  Result<std::vector<cases::Case>> due = store.ClaimDueAlerts(horizon_micros_, 100);
  if (!due.ok()) return LogAlertProblem("claiming due cases failed", due.status());
  const int64_t now = SystemClockMicros();
  for (const cases::Case& item : *due) {
    const nlohmann::ordered_json alert{
        {"event", item.deadline < now ? "deadline_passed" : "deadline_due"},
        {"case", CaseToJson(item, now)}};
    const Status sent = scan::PostJson(webhook_, alert.dump());
    if (sent.ok()) continue;
    LogAlertProblem("alert not delivered; retrying next round", sent);
    const Status released = store.ReleaseAlert(item.id);
    if (!released.ok()) LogAlertProblem("giving an alert back failed", released);
  }
}

}  // namespace clearhost::server
