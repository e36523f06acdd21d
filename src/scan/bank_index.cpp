#include "scan/bank_index.h"

#include <algorithm>
#include <utility>

namespace clearhost::scan {

Result<BankIndex> BankIndex::Build(store::BankStore& store, const Options& options) {
  BankIndex built;
  built.options_ = options;
  std::vector<Hash256> hashes;
  std::vector<uint64_t> ids;
  CLEARHOST_ASSIGN_OR_RETURN(built.version_,
                             store.LiveEntries(std::nullopt, [&](const store::LiveEntry& entry) {
                               if (entry.signal.type == lists::SignalType::kPdq) {
                                 hashes.push_back(entry.signal.pdq);
                                 ids.push_back(uint64_t(entry.id));
                               } else {
                                 built.AddDigest(entry.signal, entry.id);
                               }
                               return Status();
                             }));
  index::HammingIndex::Options pdq_options;
  pdq_options.build_threads = options.build_threads;
  pdq_options.compaction_share = options.compaction_share;
  CLEARHOST_ASSIGN_OR_RETURN(built.pdq_, index::HammingIndex::Build(hashes, ids, pdq_options));
  CLEARHOST_RETURN_IF_ERROR(built.LoadBanks(store));
  return built;
}

Status BankIndex::LoadBanks(store::BankStore& store) {
  CLEARHOST_ASSIGN_OR_RETURN(const std::vector<store::Bank> banks, store.ListBanks());
  absl::flat_hash_map<int64_t, store::Bank> by_id;
  int max_match_distance = 0;
  for (const store::Bank& bank : banks) {
    if (bank.settings.enabled) {
      max_match_distance = std::max(max_match_distance, bank.settings.match_distance);
    }
    by_id.emplace(bank.id, bank);
  }
  banks_ = std::move(by_id);
  max_match_distance_ = max_match_distance;
  return Status();
}

bool BankIndex::AddDigest(const lists::Signal& signal, int64_t entry_id) {
  std::vector<int64_t>& ids = digests_[KeyOf(signal)];
  const auto at = std::lower_bound(ids.begin(), ids.end(), entry_id);
  if (at != ids.end() && *at == entry_id) return false;
  ids.insert(at, entry_id);
  ++digest_count_;
  return true;
}

bool BankIndex::RemoveDigest(const lists::Signal& signal, int64_t entry_id) {
  const auto slot = digests_.find(KeyOf(signal));
  if (slot == digests_.end()) return false;
  std::vector<int64_t>& ids = slot->second;
  const auto at = std::lower_bound(ids.begin(), ids.end(), entry_id);
  if (at == ids.end() || *at != entry_id) return false;
  ids.erase(at);
  if (ids.empty()) digests_.erase(slot);
  --digest_count_;
  return true;
}

Result<RefreshSummary> BankIndex::Refresh(store::BankStore& store) {
  // Each entry's latest reported state (all reports come from one snapshot, so they agree).
  absl::flat_hash_map<int64_t, store::EntryChange> changes;
  CLEARHOST_ASSIGN_OR_RETURN(const store::EntryChangesResult result,
                             store.EntryChanges(version_, [&](const store::EntryChange& change) {
                               changes.insert_or_assign(change.id, change);
                               return Status();
                             }));
  RefreshSummary summary;
  if (result.rebuild) {
    CLEARHOST_ASSIGN_OR_RETURN(BankIndex rebuilt, Build(store, options_));
    const size_t before = pdq_size() + digest_size();
    const size_t after = rebuilt.pdq_size() + rebuilt.digest_size();
    *this = std::move(rebuilt);
    summary.rebuilt = true;
    // Net counts: a rebuild does not know which entries came and went.
    if (after > before) summary.added = int64_t(after - before);
    if (before > after) summary.removed = int64_t(before - after);
    return summary;
  }
  const std::shared_ptr<const index::HammingSnapshot> current = pdq_->snapshot();
  std::vector<Hash256> added_hashes;
  std::vector<uint64_t> added_ids;
  std::vector<uint64_t> removed_ids;
  std::vector<const store::EntryChange*> digest_changes;
  for (const auto& [id, change] : changes) {
    if (change.signal.type != lists::SignalType::kPdq) {
      digest_changes.push_back(&change);
      continue;
    }
    const bool served = current->Contains(uint64_t(id));
    if (change.live && !served) {
      added_hashes.push_back(change.signal.pdq);
      added_ids.push_back(uint64_t(id));
    } else if (!change.live && served) {
      removed_ids.push_back(uint64_t(id));
    }
  }
  if (!added_ids.empty() || !removed_ids.empty()) {
    CLEARHOST_RETURN_IF_ERROR(pdq_->Update(added_hashes, added_ids, removed_ids));
  }
  summary.added = int64_t(added_ids.size());
  summary.removed = int64_t(removed_ids.size());
  for (const store::EntryChange* change : digest_changes) {
    if (change->live) {
      summary.added += AddDigest(change->signal, change->id) ? 1 : 0;
    } else {
      summary.removed += RemoveDigest(change->signal, change->id) ? 1 : 0;
    }
  }
  // Should this fail, the version stays behind and the next Refresh applies the same changes
  // again, which is harmless.
  CLEARHOST_RETURN_IF_ERROR(LoadBanks(store));
  version_ = result.latest;
  if (pdq_->NeedsCompaction()) {
    CLEARHOST_RETURN_IF_ERROR(pdq_->Compact());
    summary.compacted = true;
  }
  return summary;
}

void BankIndex::Find(const lists::Signal& query, int max_distance,
                     std::vector<Candidate>& out) const {
  const size_t first_new = out.size();
  if (query.type == lists::SignalType::kPdq) {
    thread_local std::vector<index::Match> matches;
    matches.clear();
    pdq_->snapshot()->Search(query.pdq, max_distance, matches);
    for (const index::Match& match : matches) {
      Candidate candidate;
      candidate.entry_id = int64_t(match.id);
      candidate.signal.pdq = match.hash;
      candidate.distance = match.distance;
      out.push_back(candidate);
    }
  } else {
    const auto slot = digests_.find(KeyOf(query));
    if (slot == digests_.end()) return;
    for (const int64_t id : slot->second) out.push_back({id, query, 0});
  }
  std::sort(out.begin() + std::ptrdiff_t(first_new), out.end(),
            [](const Candidate& a, const Candidate& b) {
              return a.distance != b.distance ? a.distance < b.distance : a.entry_id < b.entry_id;
            });
}

}  // namespace clearhost::scan
