#include "scan/item_matcher.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "lists/list_index.h"

namespace clearhost::scan {
namespace {

// The item's digests as signals (none when the bytes could not be read).
std::vector<lists::Signal> DigestSignals(const ScannedItem& item) {
  std::vector<lists::Signal> signals;
  if (!item.digests) return signals;
  for (const auto& [type, hex] : {std::pair{lists::SignalType::kMd5, &item.digests->md5},
                                  std::pair{lists::SignalType::kSha1, &item.digests->sha1},
                                  std::pair{lists::SignalType::kSha256, &item.digests->sha256}}) {
    auto signal = lists::ParseSignal(type, *hex);
    if (signal.ok()) signals.push_back(*signal);
  }
  return signals;
}

class IndexItemMatcher final : public ItemMatcher {
 public:
  IndexItemMatcher(index::IndexSet indexes, int radius, int min_quality)
      : indexes_(std::move(indexes)),
        pdq_(indexes_.pdq->snapshot()),
        radius_(radius),
        min_quality_(min_quality) {}

  Status Match(const ScannedItem& item, std::vector<ItemMatch>& out) override {
    if (item.pdq) {
      lists::Signal query;
      query.pdq = item.pdq->hash;
      found_.clear();
      pdq_->Search(item.pdq->hash, radius_, found_);
      std::sort(found_.begin(), found_.end(), [](const index::Match& a, const index::Match& b) {
        return a.distance != b.distance ? a.distance < b.distance : a.id < b.id;
      });
      for (const index::Match& found : found_) {
        ItemMatch match = Describe(query, found.id);
        match.match.pdq = found.hash;
        match.distance = found.distance;
        if (item.pdq->quality < min_quality_) {
          match.verdict = Verdict::kLowQuality;
          match.reason =
              absl::StrCat("PDQ quality ", item.pdq->quality, " is below ", min_quality_);
        }
        out.push_back(std::move(match));
      }
    }
    for (const lists::Signal& query : DigestSignals(item)) {
      const index::DigestIndex* digests = indexes_.Digests(lists::DigestTypeFor(query.type));
      if (digests == nullptr) continue;
      ids_.clear();
      digests->Find(query.digest_bytes(), ids_);
      for (const uint64_t id : ids_) {
        ItemMatch match = Describe(query, id);
        match.match = query;
        out.push_back(std::move(match));
      }
    }
    return Status();
  }

 private:
  ItemMatch Describe(const lists::Signal& query, uint64_t id) const {
    ItemMatch match;
    match.query = query;
    const uint32_t source = lists::ListEntrySource(id);
    if (source < indexes_.sources.size()) {
      match.source = indexes_.sources[source];
      match.line = lists::ListEntryLine(id);
    } else {
      match.entry_id = int64_t(id);
    }
    return match;
  }

  const index::IndexSet indexes_;
  const std::shared_ptr<const index::HammingSnapshot> pdq_;
  const int radius_;
  const int min_quality_;
  std::vector<index::Match> found_;  // scratch
  std::vector<uint64_t> ids_;        // scratch
};

class BankItemMatcher final : public ItemMatcher {
 public:
  BankItemMatcher(const BankIndex& index, store::BankStore& store, BankMatcher::Options options)
      : matcher_(index, store, std::move(options)) {}

  Status Match(const ScannedItem& item, std::vector<ItemMatch>& out) override {
    if (!item.digests) return Status();
    std::vector<BankQuery> queries;
    if (item.pdq) {
      BankQuery pdq;
      pdq.signal.pdq = item.pdq->hash;
      pdq.quality = item.pdq->quality;
      pdq.file_key = item.digests->sha256;
      queries.push_back(std::move(pdq));
    }
    for (const lists::Signal& signal : DigestSignals(item)) {
      BankQuery digest;
      digest.signal = signal;
      digest.file_key = item.digests->sha256;
      queries.push_back(std::move(digest));
    }
    for (const BankQuery& query : queries) {
      CLEARHOST_ASSIGN_OR_RETURN(const std::vector<BankMatch> matches, matcher_.Match(query));
      for (const BankMatch& found : matches) {
        ItemMatch match;
        match.query = query.signal;
        match.match = found.match;
        match.distance = found.distance;
        match.source = found.bank;
        match.entry_id = found.entry_id;
        match.verdict = found.verdict;
        match.reason = found.reason;
        out.push_back(std::move(match));
      }
    }
    return Status();
  }

 private:
  BankMatcher matcher_;
};

}  // namespace

std::unique_ptr<ItemMatcher> MakeIndexItemMatcher(index::IndexSet indexes, int radius,
                                                  int min_quality) {
  return std::make_unique<IndexItemMatcher>(std::move(indexes), radius, min_quality);
}

std::unique_ptr<ItemMatcher> MakeBankItemMatcher(const BankIndex& index, store::BankStore& store,
                                                 BankMatcher::Options options) {
  return std::make_unique<BankItemMatcher>(index, store, std::move(options));
}

}  // namespace clearhost::scan
