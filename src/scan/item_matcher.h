// Matching what the scanner hashed against the known-material lists, behind one interface so the
// scan does not care where the lists live:
//   - an index file (`clearhost index build`): PDQ within a radius, digests equal; a picture whose
//     PDQ quality is under min_quality gets the verdict low_quality (reported, not acted on);
//   - the banks in the store (`clearhost lists`): BankMatcher's verdicts (allowlists, disputes,
//     per-bank distance and quality, flood guard).
// Each scanned item asks once per signal it has: its PDQ hash (pictures), the PDQ hash of each
// sampled frame with quality >= min_quality (videos: a known picture seen in a video; one match
// per list entry, at the frame closest to it), and its three digests.
// Thread-safety: an ItemMatcher is used by one thread at a time (the scan's output thread).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "index/index_file.h"
#include "lists/signal_type.h"
#include "scan/bank_matcher.h"
#include "scan/file_scanner.h"
#include "scan/verdict.h"

namespace clearhost::scan {

struct ItemMatch {
  lists::Signal query;  // the item's signal that matched
  lists::Signal match;  // the list entry's signal
  int distance = 0;
  std::string source;               // the bank, or the list file the index was built from
  std::optional<int64_t> entry_id;  // banks: the entry's id
  std::optional<uint64_t> line;     // index files: the entry's line in its list
  std::optional<uint32_t> frame;    // videos: the frame that matched
  int quality = -1;                 // the picture's or frame's PDQ quality; -1 for digests
  Verdict verdict = Verdict::kMatch;
  std::string reason;  // why it is not acted on; empty for kMatch
};

class ItemMatcher {
 public:
  virtual ~ItemMatcher() = default;
  // Appends the matches of `item` to `out`, by signal (PDQ first), then distance.
  virtual Status Match(const ScannedItem& item, std::vector<ItemMatch>& out) = 0;
};

// The item's digests as signals (none when the bytes could not be read).
std::vector<lists::Signal> DigestSignals(const ScannedItem& item);

// Moves a video's frame matches to `out`, one per list entry (the closest frame; the earliest
// of equally close ones), in order of distance; `frame_matches` is left empty.
void AppendFrameMatches(std::vector<ItemMatch>& frame_matches, std::vector<ItemMatch>& out);

// Matches against an index file's lists. `radius`: the largest PDQ distance; `min_quality`: PDQ
// matches of pictures below it get kLowQuality.
std::unique_ptr<ItemMatcher> MakeIndexItemMatcher(index::IndexSet indexes, int radius,
                                                  int min_quality);

// Matches against the banks of `store` through BankMatcher (which uses `index`); both must
// outlive the matcher. The flood guard counts files by their SHA-256.
std::unique_ptr<ItemMatcher> MakeBankItemMatcher(const BankIndex& index, store::BankStore& store,
                                                 BankMatcher::Options options,
                                                 int min_frame_quality = 50);

}  // namespace clearhost::scan
