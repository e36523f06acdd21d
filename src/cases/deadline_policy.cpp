#include "cases/deadline_policy.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace clearhost::cases {
namespace {

bool IsTerroristContentOrder(const Notice& notice) {
  return notice.source_type == SourceType::kRemovalOrder &&
         (notice.legal_basis.find("2021/784") != std::string::npos ||
          notice.legal_basis.find("TCO") != std::string::npos);
}

}  // namespace

int64_t LimitMicros(const DeadlinePolicy& policy, SourceType type) {
  return policy.limit_hours[static_cast<size_t>(type)] * kMicrosPerHour;
}

Result<int64_t> ComputeDeadline(const Notice& notice, const DeadlinePolicy& policy, int64_t now) {
  if (notice.received_at > now + policy.max_clock_skew_micros) {
    return absl::InvalidArgumentError(absl::StrCat("received_at lies ",
                                                   (notice.received_at - now) / 1'000'000,
                                                   " s in the future: check the sender's clock"));
  }
  const int64_t limit = IsTerroristContentOrder(notice)
                            ? policy.terrorist_content_order_hours * kMicrosPerHour
                            : LimitMicros(policy, notice.source_type);
  int64_t deadline = notice.received_at + limit;
  if (notice.order_deadline) {
    if (*notice.order_deadline <= now) {
      return absl::InvalidArgumentError(
          "order_deadline has already passed: a deadline must lie in the future");
    }
    deadline = std::min(deadline, *notice.order_deadline);
  }
  return deadline;
}

}  // namespace clearhost::cases
