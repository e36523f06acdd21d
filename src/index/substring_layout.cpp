#include "index/substring_layout.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace clearhost::index {
namespace {

// The cost model, in units of one verified candidate (a random read of a 32-byte entry plus
// its popcount distance). Calibrated with bench/index_bench on a 2-core EPYC: a probe is a
// directory read plus the start of a bucket, one or two cache misses once the directories
// outgrow the cache; a scanned entry costs a few nanoseconds of SIMD popcount.
constexpr double kProbeCostCached = 0.5;
constexpr double kProbeCostUncached = 1.5;
constexpr size_t kCachedDirectoryBytes = size_t{16} << 20;
constexpr double kScanCostPerEntry = 0.05;
constexpr int kChoiceRadius = 31;

uint64_t Binomial(int n, int k) {
  uint64_t result = 1;
  for (int i = 0; i < k; ++i) result = result * uint64_t(n - i) / uint64_t(i + 1);
  return result;
}

size_t DirectoryEntries(const SubstringLayout& layout) {
  size_t total = 0;
  for (int s = 0; s < layout.count(); ++s) total += size_t{layout.bucket_count(s)} + 1;
  return total;
}

double ProbeCost(const SubstringLayout& layout) {
  return DirectoryEntries(layout) * sizeof(uint32_t) > kCachedDirectoryBytes ? kProbeCostUncached
                                                                             : kProbeCostCached;
}

double PlanCost(const ProbePlan& plan, double probe_cost) {
  return double(plan.probes) * probe_cost + plan.expected_candidates;
}

}  // namespace

uint64_t HammingBallSize(int bits, int flips) {
  uint64_t total = 0;
  for (int k = 0; k <= flips && k <= bits; ++k) total += Binomial(bits, k);
  return total;
}

Result<SubstringLayout> SubstringLayout::Even(int count) {
  if (count < kMinSubstrings || count > kMaxSubstrings) {
    return absl::InvalidArgumentError(absl::StrCat("a layout has ", kMinSubstrings, " to ",
                                                   kMaxSubstrings, " substrings, not ", count));
  }
  SubstringLayout layout;
  layout.count_ = count;
  int first_bit = 0;
  for (int s = 0; s < count; ++s) {
    const int bits = Hash256::kBits / count + (s < Hash256::kBits % count ? 1 : 0);
    Spec& spec = layout.specs_[s];
    spec.first_bit = uint8_t(first_bit);
    spec.bits = uint8_t(bits);
    spec.word = uint8_t(first_bit / 64);
    spec.shift = uint8_t(first_bit % 64);
    first_bit += bits;
  }
  return layout;
}

SubstringLayout SubstringLayout::ChooseFor(size_t entry_count) {
  SubstringLayout best;  // no tables
  double best_cost = double(entry_count) * kScanCostPerEntry;
  const size_t directory_budget =
      std::max(entry_count * kMaxDirectoryEntriesPerHash, kAlwaysAffordableDirectoryEntries);
  for (int count = kMinSubstrings; count <= kMaxSubstrings; ++count) {
    const SubstringLayout layout = Even(count).value();
    if (DirectoryEntries(layout) > directory_budget + size_t(count)) continue;
    const double cost = PlanCost(PlanProbes(layout, entry_count, kChoiceRadius), ProbeCost(layout));
    if (cost < best_cost) {
      best_cost = cost;
      best = layout;
    }
  }
  return best;
}

ProbePlan PlanProbes(const SubstringLayout& layout, size_t entry_count, int max_distance) {
  ProbePlan plan;
  plan.substring_radius.fill(-1);
  const double scan_cost = double(entry_count) * kScanCostPerEntry;
  if (layout.count() == 0 || max_distance < 0) return plan;
  const double probe_cost = ProbeCost(layout);
  // Cost of raising substring s's radius by one: the new probes and their expected bucket
  // contents.
  auto added_cost = [&](int s) {
    const int next = plan.substring_radius[s] + 1;
    if (next > layout.bits(s)) return -1.0;
    const double bucket = double(entry_count) / double(layout.bucket_count(s));
    return double(Binomial(layout.bits(s), next)) * (probe_cost + bucket);
  };
  for (int needed = max_distance + 1; needed > 0; --needed) {
    int cheapest = -1;
    double cheapest_cost = 0;
    for (int s = 0; s < layout.count(); ++s) {
      const double cost = added_cost(s);
      if (cost >= 0 && (cheapest < 0 || cost < cheapest_cost)) {
        cheapest = s;
        cheapest_cost = cost;
      }
    }
    if (cheapest < 0) return plan;  // radius beyond what substrings can certify: scan
    ++plan.substring_radius[cheapest];
  }
  plan.certifies = true;
  for (int s = 0; s < layout.count(); ++s) {
    if (plan.substring_radius[s] < 0) continue;
    const uint64_t ball = HammingBallSize(layout.bits(s), plan.substring_radius[s]);
    plan.probes += ball;
    plan.expected_candidates += double(ball) * double(entry_count) / double(layout.bucket_count(s));
  }
  plan.scan_is_cheaper = PlanCost(plan, probe_cost) >= scan_cost;
  return plan;
}

}  // namespace clearhost::index
