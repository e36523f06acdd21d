// What clearhost does with one match of a query against a block bank: the verdict, and the one
// function that decides it from the facts (the bank's settings, the distance, the query's
// quality, whether an allow bank covers the query, and the flood guard's count).
// Thread-safety: pure functions and plain value types; DecideVerdict runs `record_hit` on the
// calling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace clearhost::scan {

enum class Verdict {
  kMatch,       // acted on
  kHeld,        // the flood guard holds it for review; not acted on
  kSuppressed,  // an allow bank covers the query; not acted on
  kLowQuality,  // the query's PDQ quality is below the bank's minimum; not acted on
};

inline constexpr int kVerdictCount = 4;

// "match", "held", "suppressed" or "low_quality": stable names for output and scripts.
std::string_view VerdictName(Verdict verdict);
// The verdict named `name` (as VerdictName writes it); nullopt for another name.
std::optional<Verdict> ParseVerdictName(std::string_view name);

// The facts about one (query, block-bank entry) pair that decide its verdict.
struct VerdictFacts {
  int distance = 0;        // PDQ Hamming distance; 0 for an equal digest
  int match_distance = 0;  // the bank's match_distance, or the caller's override
  // The query's PDQ quality (0..100); nullopt when unknown (digests, bare hashes).
  std::optional<int> quality{};
  int min_quality = 0;  // the bank's min_quality (PDQ queries only)
  // Set when an allow bank covers the query: what to name in the reason.
  std::optional<std::string> allowlisted_by{};
  int flood_files = 0;  // the bank's flood guard: more distinct files than this are held; 0 off
  int64_t flood_window_seconds = 0;
  bool confirmed = false;  // the entry was confirmed by review: exempt from the flood guard
};

struct Decision {
  Verdict verdict = Verdict::kMatch;
  std::string reason{};  // empty for kMatch

  friend bool operator==(const Decision&, const Decision&) = default;
};

// Records a hit of the entry for the flood guard and returns how many distinct files the entry
// matched within the window, this one included (BankStore::RecordEntryHit).
using RecordHit = std::function<Result<int64_t>()>;

// The verdict for one block-bank candidate, checks in this order:
//   distance > match_distance        -> nullopt (not a match at all);
//   allowlisted_by set               -> kSuppressed;
//   quality known and < min_quality  -> kLowQuality;
//   flood guard on, not confirmed    -> record_hit(); count > flood_files -> kHeld;
//   otherwise                        -> kMatch.
// `record_hit` runs only when the flood guard applies, so suppressed and low-quality matches
// never count towards a flood. Its error is returned.
Result<std::optional<Decision>> DecideVerdict(const VerdictFacts& facts,
                                              const RecordHit& record_hit);

}  // namespace clearhost::scan
