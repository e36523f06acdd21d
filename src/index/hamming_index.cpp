#include "index/hamming_index.h"

#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace clearhost::index {
namespace {

// Compaction is not worth it below this many changed entries.
constexpr size_t kMinCompactionChanges = 1000;

struct SortedEntries {
  std::vector<Hash256> hashes;
  std::vector<uint64_t> ids;
};

// `hashes` and `ids` reordered by ascending id; InvalidArgument on a repeated id.
Result<SortedEntries> SortById(std::span<const Hash256> hashes, std::span<const uint64_t> ids) {
  if (hashes.size() != ids.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat(hashes.size(), " hashes but ", ids.size(), " ids"));
  }
  std::vector<uint32_t> order(hashes.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return ids[a] < ids[b]; });
  SortedEntries sorted;
  sorted.hashes.reserve(order.size());
  sorted.ids.reserve(order.size());
  for (const uint32_t k : order) {
    if (!sorted.ids.empty() && sorted.ids.back() == ids[k]) {
      return absl::InvalidArgumentError(absl::StrCat("entry id ", ids[k], " appears twice"));
    }
    sorted.hashes.push_back(hashes[k]);
    sorted.ids.push_back(ids[k]);
  }
  return sorted;
}

std::shared_ptr<const std::vector<uint64_t>> ShareIds(std::vector<uint64_t> ids) {
  return std::make_shared<const std::vector<uint64_t>>(std::move(ids));
}

}  // namespace

int64_t HammingSnapshot::BasePosition(uint64_t id) const {
  const auto it = std::lower_bound(base_ids_.begin(), base_ids_.end(), id);
  if (it == base_ids_.end() || *it != id) return -1;
  return it - base_ids_.begin();
}

bool HammingSnapshot::Contains(uint64_t id) const {
  const int64_t position = BasePosition(id);
  if (position >= 0 && !IsRemoved(uint32_t(position))) return true;
  return std::binary_search(delta_ids_sorted_.begin(), delta_ids_sorted_.end(), id);
}

size_t HammingSnapshot::size() const {
  return base_.size() - tombstone_count_ + delta_.size();
}

void HammingSnapshot::Search(const Hash256& query, int max_distance,
                             std::vector<Match>& matches) const {
  thread_local std::vector<Hit> hits;
  const size_t first_new = matches.size();
  hits.clear();
  base_.Search(query, max_distance, hits);
  for (const Hit& hit : hits) {
    if (IsRemoved(hit.position)) continue;
    matches.push_back({base_ids_[hit.position], base_.entries()[hit.position], hit.distance});
  }
  hits.clear();
  delta_.Search(query, max_distance, hits);
  for (const Hit& hit : hits) {
    matches.push_back({delta_ids_[hit.position], delta_.entries()[hit.position], hit.distance});
  }
  std::sort(matches.begin() + std::ptrdiff_t(first_new), matches.end(),
            [](const Match& a, const Match& b) { return a.id < b.id; });
}

Result<std::unique_ptr<HammingIndex>> HammingIndex::Build(std::span<const Hash256> hashes,
                                                          std::span<const uint64_t> ids,
                                                          const Options& options) {
  CLEARHOST_ASSIGN_OR_RETURN(SortedEntries sorted, SortById(hashes, ids));
  MultiIndex::BuildOptions build;
  build.threads = options.build_threads;
  CLEARHOST_ASSIGN_OR_RETURN(MultiIndex base, MultiIndex::Build(sorted.hashes, build));
  auto shared_ids = ShareIds(std::move(sorted.ids));
  return FromBase(std::move(base), *shared_ids, shared_ids, options);
}

Result<std::unique_ptr<HammingIndex>> HammingIndex::FromBase(MultiIndex base,
                                                             std::span<const uint64_t> ids,
                                                             std::shared_ptr<const void> ids_owner,
                                                             const Options& options) {
  if (ids.size() != base.size()) {
    return absl::DataLossError(
        absl::StrCat("index has ", base.size(), " hashes but ", ids.size(), " ids"));
  }
  for (size_t k = 1; k < ids.size(); ++k) {
    if (ids[k - 1] >= ids[k]) {
      return absl::DataLossError(absl::StrCat("index ids not ascending at entry ", k));
    }
  }
  auto snapshot = std::make_shared<HammingSnapshot>();
  snapshot->base_ = std::move(base);
  snapshot->base_ids_ = ids;
  snapshot->base_ids_owner_ = std::move(ids_owner);
  std::unique_ptr<HammingIndex> index(new HammingIndex(options));
  index->Publish(std::move(snapshot));
  return index;
}

std::shared_ptr<const HammingSnapshot> HammingIndex::snapshot() const {
  absl::MutexLock lock(&mutex_);
  return current_;
}

void HammingIndex::Publish(std::shared_ptr<const HammingSnapshot> next) {
  absl::MutexLock lock(&mutex_);
  current_ = std::move(next);
}

bool HammingIndex::NeedsCompaction() const {
  const std::shared_ptr<const HammingSnapshot> current = snapshot();
  const double limit =
      options_.compaction_share * double(std::max(current->base().size(), kMinCompactionChanges));
  return double(current->delta_size()) > limit || double(current->tombstone_count()) > limit;
}

Status HammingIndex::Update(std::span<const Hash256> added_hashes,
                            std::span<const uint64_t> added_ids,
                            std::span<const uint64_t> removed) {
  if (added_hashes.size() != added_ids.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat(added_hashes.size(), " added hashes but ", added_ids.size(), " ids"));
  }
  absl::MutexLock serialize(&update_mutex_);
  const std::shared_ptr<const HammingSnapshot> current = snapshot();
  auto next = std::make_shared<HammingSnapshot>(*current);

  // The delta's entries by id, so removals and duplicate checks are one lookup each.
  std::vector<Hash256> delta_hashes(current->delta_.entries().begin(),
                                    current->delta_.entries().end());
  std::vector<uint64_t> delta_ids = current->delta_ids_;
  absl::flat_hash_map<uint64_t, size_t> delta_slot;
  delta_slot.reserve(delta_ids.size() + added_ids.size());
  for (size_t k = 0; k < delta_ids.size(); ++k) delta_slot[delta_ids[k]] = k;
  std::vector<bool> delta_removed(delta_ids.size(), false);

  if (!removed.empty() && next->tombstones_.empty()) {
    next->tombstones_.assign((current->base_.size() + 63) / 64, 0);
  }
  for (const uint64_t id : removed) {
    const int64_t position = current->BasePosition(id);
    if (position >= 0 && !next->IsRemoved(uint32_t(position))) {
      next->tombstones_[size_t(position) >> 6] |= uint64_t{1} << (position & 63);
      ++next->tombstone_count_;
      continue;
    }
    const auto slot = delta_slot.find(id);
    if (slot == delta_slot.end()) {
      return absl::NotFoundError(absl::StrCat("no entry with id ", id, " to remove"));
    }
    delta_removed[slot->second] = true;
    delta_slot.erase(slot);
  }
  size_t kept = 0;
  for (size_t k = 0; k < delta_ids.size(); ++k) {
    if (delta_removed[k]) continue;
    delta_hashes[kept] = delta_hashes[k];
    delta_ids[kept] = delta_ids[k];
    ++kept;
  }
  delta_hashes.resize(kept);
  delta_ids.resize(kept);

  for (size_t k = 0; k < added_ids.size(); ++k) {
    const uint64_t id = added_ids[k];
    const int64_t position = current->BasePosition(id);
    const bool live_in_base = position >= 0 && !next->IsRemoved(uint32_t(position));
    if (live_in_base || !delta_slot.emplace(id, delta_ids.size()).second) {
      return absl::AlreadyExistsError(absl::StrCat("an entry with id ", id, " already exists"));
    }
    delta_hashes.push_back(added_hashes[k]);
    delta_ids.push_back(id);
  }
  CLEARHOST_ASSIGN_OR_RETURN(next->delta_, MultiIndex::Build(delta_hashes));
  next->delta_ids_sorted_ = delta_ids;
  std::sort(next->delta_ids_sorted_.begin(), next->delta_ids_sorted_.end());
  next->delta_ids_ = std::move(delta_ids);
  Publish(std::move(next));
  return absl::OkStatus();
}

Status HammingIndex::Compact() {
  absl::MutexLock serialize(&update_mutex_);
  const std::shared_ptr<const HammingSnapshot> current = snapshot();
  std::vector<Hash256> hashes;
  std::vector<uint64_t> ids;
  hashes.reserve(current->size());
  ids.reserve(current->size());
  for (uint32_t position = 0; position < current->base_.size(); ++position) {
    if (current->IsRemoved(position)) continue;
    hashes.push_back(current->base_.entries()[position]);
    ids.push_back(current->base_ids_[position]);
  }
  hashes.insert(hashes.end(), current->delta_.entries().begin(), current->delta_.entries().end());
  ids.insert(ids.end(), current->delta_ids_.begin(), current->delta_ids_.end());
  CLEARHOST_ASSIGN_OR_RETURN(SortedEntries sorted, SortById(hashes, ids));
  MultiIndex::BuildOptions build;
  build.threads = options_.build_threads;
  CLEARHOST_ASSIGN_OR_RETURN(MultiIndex base, MultiIndex::Build(sorted.hashes, build));
  auto shared_ids = ShareIds(std::move(sorted.ids));
  auto next = std::make_shared<HammingSnapshot>();
  next->base_ = std::move(base);
  next->base_ids_ = *shared_ids;
  next->base_ids_owner_ = std::move(shared_ids);
  Publish(std::move(next));
  return absl::OkStatus();
}

}  // namespace clearhost::index
