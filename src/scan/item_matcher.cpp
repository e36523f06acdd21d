#include "scan/item_matcher.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "lists/list_index.h"

namespace clearhost::scan {

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

void AppendFrameMatches(std::vector<ItemMatch>& frame_matches, std::vector<ItemMatch>& out) {
  std::stable_sort(frame_matches.begin(), frame_matches.end(),
                   [](const ItemMatch& a, const ItemMatch& b) { return a.distance < b.distance; });
  const size_t first = out.size();
  for (ItemMatch& match : frame_matches) {
    const bool seen = std::any_of(out.begin() + first, out.end(), [&](const ItemMatch& kept) {
      return kept.source == match.source && kept.line == match.line &&
             kept.entry_id == match.entry_id && kept.match == match.match;
    });
    if (!seen) out.push_back(std::move(match));
  }
  frame_matches.clear();
}

namespace {

class IndexItemMatcher final : public ItemMatcher {
 public:
  IndexItemMatcher(index::IndexSet indexes, int radius, int min_quality)
      : indexes_(std::move(indexes)),
        pdq_(indexes_.pdq->snapshot()),
        radius_(radius),
        min_quality_(min_quality) {}

  Status Match(const ScannedItem& item, std::vector<ItemMatch>& out) override {
    if (item.pdq) MatchPdq(item.pdq->hash, item.pdq->quality, std::nullopt, out);
    for (const video::VideoFrameHash& frame : item.frames) {
      // Frames below the quality floor say too little to match on (vPDQ's rule).
      if (frame.quality >= min_quality_) {
        MatchPdq(frame.pdq, frame.quality, frame.frame_number, frame_matches_);
      }
    }
    AppendFrameMatches(frame_matches_, out);
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
  void MatchPdq(const Hash256& hash, int quality, std::optional<uint32_t> frame,
                std::vector<ItemMatch>& out) {
    lists::Signal query;
    query.pdq = hash;
    found_.clear();
    pdq_->Search(hash, radius_, found_);
    std::sort(found_.begin(), found_.end(), [](const index::Match& a, const index::Match& b) {
      return a.distance != b.distance ? a.distance < b.distance : a.id < b.id;
    });
    for (const index::Match& found : found_) {
      ItemMatch match = Describe(query, found.id);
      match.match.pdq = found.hash;
      match.distance = found.distance;
      match.quality = quality;
      match.frame = frame;
      if (quality < min_quality_) {
        match.verdict = Verdict::kLowQuality;
        match.reason = absl::StrCat("PDQ quality ", quality, " is below ", min_quality_);
      }
      out.push_back(std::move(match));
    }
  }

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
  std::vector<index::Match> found_;       // scratch
  std::vector<uint64_t> ids_;             // scratch
  std::vector<ItemMatch> frame_matches_;  // scratch
};

class BankItemMatcher final : public ItemMatcher {
 public:
  BankItemMatcher(const BankIndex& index, store::BankStore& store, BankMatcher::Options options,
                  int min_frame_quality)
      : matcher_(index, store, std::move(options)), min_frame_quality_(min_frame_quality) {}

  Status Match(const ScannedItem& item, std::vector<ItemMatch>& out) override {
    if (!item.digests) return Status();
    const std::string& file_key = item.digests->sha256;
    if (item.pdq) {
      CLEARHOST_RETURN_IF_ERROR(
          MatchPdq(item.pdq->hash, item.pdq->quality, std::nullopt, file_key, out));
    }
    for (const video::VideoFrameHash& frame : item.frames) {
      if (frame.quality < min_frame_quality_) continue;
      CLEARHOST_RETURN_IF_ERROR(
          MatchPdq(frame.pdq, frame.quality, frame.frame_number, file_key, frame_matches_));
    }
    AppendFrameMatches(frame_matches_, out);
    for (const lists::Signal& signal : DigestSignals(item)) {
      BankQuery digest;
      digest.signal = signal;
      digest.file_key = file_key;
      CLEARHOST_RETURN_IF_ERROR(Query(digest, std::nullopt, out));
    }
    return Status();
  }

 private:
  Status MatchPdq(const Hash256& hash, int quality, std::optional<uint32_t> frame,
                  const std::string& file_key, std::vector<ItemMatch>& out) {
    BankQuery query;
    query.signal.pdq = hash;
    query.quality = quality;
    query.file_key = file_key;
    return Query(query, frame, out);
  }

  Status Query(const BankQuery& query, std::optional<uint32_t> frame, std::vector<ItemMatch>& out) {
    CLEARHOST_ASSIGN_OR_RETURN(const std::vector<BankMatch> matches, matcher_.Match(query));
    for (const BankMatch& found : matches) {
      ItemMatch match;
      match.query = query.signal;
      match.match = found.match;
      match.distance = found.distance;
      match.source = found.bank;
      match.entry_id = found.entry_id;
      match.frame = frame;
      match.quality = query.quality.value_or(-1);
      match.verdict = found.verdict;
      match.reason = found.reason;
      out.push_back(std::move(match));
    }
    return Status();
  }

  BankMatcher matcher_;
  const int min_frame_quality_;
  std::vector<ItemMatch> frame_matches_;  // scratch
};

}  // namespace

std::unique_ptr<ItemMatcher> MakeIndexItemMatcher(index::IndexSet indexes, int radius,
                                                  int min_quality) {
  return std::make_unique<IndexItemMatcher>(std::move(indexes), radius, min_quality);
}

std::unique_ptr<ItemMatcher> MakeBankItemMatcher(const BankIndex& index, store::BankStore& store,
                                                 BankMatcher::Options options,
                                                 int min_frame_quality) {
  return std::make_unique<BankItemMatcher>(index, store, std::move(options), min_frame_quality);
}

}  // namespace clearhost::scan
