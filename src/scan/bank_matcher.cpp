#include "scan/bank_matcher.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace clearhost::scan {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;

// A block-bank candidate that survived the store's checks, waiting for its verdict.
struct BlockCandidate {
  int64_t entry_id;
  const store::Bank* bank;
  lists::Signal signal;
  int distance;
  int transform;
  bool confirmed;
};

}  // namespace

void BankMatcher::FindCandidates(const BankQuery& query, int radius) {
  found_.clear();
  candidates_.clear();
  index_.Find(query.signal, radius, candidates_);
  for (const Candidate& candidate : candidates_) found_.push_back({candidate, 0});
  if (query.signal.type != lists::SignalType::kPdq || query.transforms.empty()) return;
  for (size_t k = 0; k < query.transforms.size(); ++k) {
    candidates_.clear();
    lists::Signal transformed;
    transformed.pdq = query.transforms[k];
    index_.Find(transformed, radius, candidates_);
    for (const Candidate& candidate : candidates_) found_.push_back({candidate, int(k) + 1});
  }
  // Each entry once, at its smallest distance (the first transform reaching it on a tie).
  std::sort(found_.begin(), found_.end(), [](const Found& a, const Found& b) {
    if (a.candidate.entry_id != b.candidate.entry_id) {
      return a.candidate.entry_id < b.candidate.entry_id;
    }
    if (a.candidate.distance != b.candidate.distance) {
      return a.candidate.distance < b.candidate.distance;
    }
    return a.transform < b.transform;
  });
  found_.erase(std::unique(found_.begin(), found_.end(),
                           [](const Found& a, const Found& b) {
                             return a.candidate.entry_id == b.candidate.entry_id;
                           }),
               found_.end());
  std::sort(found_.begin(), found_.end(), [](const Found& a, const Found& b) {
    return a.candidate.distance != b.candidate.distance
               ? a.candidate.distance < b.candidate.distance
               : a.candidate.entry_id < b.candidate.entry_id;
  });
}

Result<std::vector<BankMatch>> BankMatcher::Match(const BankQuery& query) {
  ++counts_.queries;
  const int radius = options_.radius.value_or(index_.max_match_distance());
  FindCandidates(query, radius);
  std::vector<BankMatch> matches;
  if (found_.empty()) return matches;

  // The store decides what is live: the index may not have caught up yet.
  std::optional<AllowHit> allowlisted;
  std::vector<BlockCandidate> blocks;
  for (const Found& found : found_) {
    const Candidate& candidate = found.candidate;
    CLEARHOST_ASSIGN_OR_RETURN(const std::optional<store::EntryRecord> entry,
                               store_.GetEntry(candidate.entry_id));
    if (!entry || entry->removed_at || entry->status == store::EntryStatus::kDisputed) continue;
    const auto bank = index_.banks().find(entry->bank_id);
    if (bank == index_.banks().end() || !bank->second.settings.enabled) continue;
    const store::BankSettings& settings = bank->second.settings;
    const int match_distance = options_.radius.value_or(settings.match_distance);
    if (settings.kind == store::BankKind::kAllow) {
      // Candidates come closest first, so the first allow entry is the one to name.
      if (candidate.distance <= match_distance && !allowlisted) {
        allowlisted = AllowHit{settings.name, candidate.entry_id, candidate.distance};
      }
      continue;
    }
    if (options_.block_banks && !options_.block_banks->contains(entry->bank_id)) continue;
    blocks.push_back({candidate.entry_id, &bank->second, candidate.signal, candidate.distance,
                      found.transform, entry->status == store::EntryStatus::kConfirmed});
  }
  if (allowlisted) ++counts_.allowlisted_queries;

  const std::string file_key = query.file_key.empty() ? query.signal.ToHex() : query.file_key;
  for (const BlockCandidate& block : blocks) {
    const store::BankSettings& settings = block.bank->settings;
    VerdictFacts facts;
    facts.distance = block.distance;
    facts.match_distance = options_.radius.value_or(settings.match_distance);
    if (query.signal.type == lists::SignalType::kPdq) {
      facts.quality = query.quality;
      facts.min_quality = settings.min_quality;
    }
    if (allowlisted) {
      facts.allowlisted_by =
          absl::StrCat("bank ", allowlisted->bank, " entry ", allowlisted->entry_id);
    }
    facts.flood_files = settings.flood_files;
    facts.flood_window_seconds = settings.flood_window_seconds;
    facts.confirmed = block.confirmed;
    const auto record_hit = [&]() -> Result<int64_t> {
      return store_.RecordEntryHit(block.entry_id, file_key, options_.clock(),
                                   settings.flood_window_seconds * kMicrosPerSecond);
    };
    CLEARHOST_ASSIGN_OR_RETURN(const std::optional<Decision> decision,
                               DecideVerdict(facts, record_hit));
    if (!decision) continue;
    BankMatch match;
    match.entry_id = block.entry_id;
    match.bank_id = block.bank->id;
    match.bank = settings.name;
    match.match = block.signal;
    match.distance = block.distance;
    match.transform = block.transform;
    match.verdict = decision->verdict;
    match.reason = decision->reason;
    if (match.verdict == Verdict::kSuppressed) match.suppressed_by = allowlisted;
    ++counts_.verdicts[size_t(match.verdict)];
    matches.push_back(std::move(match));
  }
  return matches;
}

}  // namespace clearhost::scan
