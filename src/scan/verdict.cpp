#include "scan/verdict.h"

#include "absl/strings/str_cat.h"

namespace clearhost::scan {

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kMatch:
      return "match";
    case Verdict::kHeld:
      return "held";
    case Verdict::kSuppressed:
      return "suppressed";
    case Verdict::kLowQuality:
      return "low_quality";
  }
  return "unknown";
}

std::optional<Verdict> ParseVerdictName(std::string_view name) {
  for (const Verdict verdict :
       {Verdict::kMatch, Verdict::kHeld, Verdict::kSuppressed, Verdict::kLowQuality}) {
    if (VerdictName(verdict) == name) return verdict;
  }
  return std::nullopt;
}

Result<std::optional<Decision>> DecideVerdict(const VerdictFacts& facts,
                                              const RecordHit& record_hit) {
  if (facts.distance > facts.match_distance) return std::nullopt;
  if (facts.allowlisted_by) {
    return Decision{Verdict::kSuppressed, absl::StrCat("allowlisted by ", *facts.allowlisted_by)};
  }
  if (facts.quality && *facts.quality < facts.min_quality) {
    return Decision{Verdict::kLowQuality,
                    absl::StrCat("quality ", *facts.quality, " below ", facts.min_quality)};
  }
  if (facts.flood_files > 0 && !facts.confirmed) {
    CLEARHOST_ASSIGN_OR_RETURN(const int64_t files, record_hit());
    if (files > facts.flood_files) {
      return Decision{
          Verdict::kHeld,
          absl::StrCat("flood guard: entry matched ", files, " distinct files within ",
                       facts.flood_window_seconds, " s (limit ", facts.flood_files, ")")};
    }
  }
  return Decision{Verdict::kMatch, ""};
}

}  // namespace clearhost::scan
