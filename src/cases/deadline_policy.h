// When a case must be acted on: the limit each source type gets by default (the law's or the
// hoster's code of conduct's) and the rule that combines it with an order's own deadline.
// docs/cases.md ("Deadlines") gives the defaults and their legal grounds.
// Thread-safety: values and pure functions.
#pragma once

#include <array>
#include <cstdint>

#include "cases/case_record.h"
#include "core/status.h"

namespace clearhost::cases {

inline constexpr int64_t kMicrosPerHour = 3'600'000'000;

struct DeadlinePolicy {
  // Hours from receipt, by SourceType (in kAllSourceTypes order): hotline 24 (the Dutch
  // notice-and-takedown code of conduct), removal order 12 (the ATKM's maximum), Art. 16 notice
  // 72, trusted flagger 24, proactive match 24, law enforcement 24.
  std::array<int64_t, 6> limit_hours = {24, 12, 72, 24, 24, 24};
  // Removal orders under the terrorist-content regulation (EU) 2021/784: one hour. A removal
  // order whose legal basis names "2021/784" or "TCO" gets this limit.
  int64_t terrorist_content_order_hours = 1;
  // How far in the future a notice's received_at may lie (clock skew between systems).
  int64_t max_clock_skew_micros = 5 * 60 * 1'000'000LL;
};

// The limit `policy` gives `type`, in microseconds.
int64_t LimitMicros(const DeadlinePolicy& policy, SourceType type);

// The case's deadline: the earlier of received_at + the source type's limit and the order's own
// deadline when it sets one. InvalidArgument when the order's deadline is not after `now` (it
// has passed: the sender must say what it wants), or when received_at lies in the future beyond
// the allowed clock skew.
Result<int64_t> ComputeDeadline(const Notice& notice, const DeadlinePolicy& policy, int64_t now);

}  // namespace clearhost::cases
