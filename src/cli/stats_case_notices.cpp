// The case store's cases as a notice log for `stats removal --db` (docs/formats.md, "Notices
// from the case store"): one notice per case, notified when received, removed when the case
// first reached confirmed_gone, its re-openings counted as re-appearances, and its hoster and
// network attributed from the notice's IP.
#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "cases/case_store.h"
#include "cli/stats_commands.h"
#include "core/ip_address.h"

namespace clearhost::cli {
namespace {

constexpr int64_t kMicrosPerSecond = 1000000;

// When the case first reached confirmed_gone (Unix microseconds), or nullopt.
Result<std::optional<int64_t>> FirstConfirmedGone(cases::CaseStore& store,
                                                  const cases::Case& found) {
  if (found.reopen_count == 0) {
    // Never re-opened: confirmed_gone is final, and closed_at is when it was reached.
    if (found.state != cases::CaseState::kConfirmedGone) return std::nullopt;
    return found.closed_at;
  }
  CLEARHOST_ASSIGN_OR_RETURN(const std::vector<cases::CaseEvent> events, store.Events(found.id));
  for (const cases::CaseEvent& event : events) {
    if (event.to_state == cases::CaseState::kConfirmedGone) return event.at;
  }
  return std::nullopt;
}

}  // namespace

Result<stats::NoticeLog> LoadCaseNotices(store::SqlConnection& database,
                                         const stats::HostingAttributor* attributor,
                                         int64_t now_seconds) {
  cases::CaseStore store(database);
  CLEARHOST_ASSIGN_OR_RETURN(const std::vector<cases::Case> all,
                             store.ReceivedBetween(std::numeric_limits<int64_t>::min(),
                                                   std::numeric_limits<int64_t>::max()));
  stats::NoticeLog log;
  log.latest_time = now_seconds;
  for (const cases::Case& found : all) {
    stats::Notice notice;
    notice.line = uint64_t(found.id);
    notice.url = found.notice.urls.empty() ? "" : found.notice.urls.front();
    notice.notified_at = found.notice.received_at / kMicrosPerSecond;
    notice.reopenings = found.reopen_count;
    CLEARHOST_ASSIGN_OR_RETURN(const std::optional<int64_t> gone, FirstConfirmedGone(store, found));
    if (gone) notice.removed_at = *gone / kMicrosPerSecond;
    if (attributor != nullptr && !found.notice.ip.empty()) {
      const auto problem = [&](const Status& status) {
        // Named "case store", not by its URL: that may hold a password.
        log.problems.push_back(
            {"case store", 0, absl::StrCat("case ", found.id, ": ip: ", status.message())});
      };
      auto address = ParseIpAddress(found.notice.ip);
      if (!address.ok()) {
        problem(address.status());
      } else if (auto attribution = attributor->Attribute(*address); !attribution.ok()) {
        problem(attribution.status());
      } else if (!attribution->origins.empty()) {
        notice.asn = absl::StrCat(attribution->origins.front());
        notice.hoster = attribution->as_name;
      }
    }
    log.latest_time =
        std::max({log.latest_time, notice.notified_at, notice.removed_at.value_or(0)});
    log.notices.push_back(std::move(notice));
  }
  return log;
}

}  // namespace clearhost::cli
