// DecideVerdict: the order of the checks, and when the flood guard records a hit.
#include "scan/verdict.h"

#include <gtest/gtest.h>

namespace clearhost::scan {
namespace {

VerdictFacts Facts() {
  VerdictFacts facts;
  facts.distance = 10;
  facts.match_distance = 31;
  facts.quality = 90;
  facts.min_quality = 50;
  facts.flood_files = 3;
  facts.flood_window_seconds = 86400;
  return facts;
}

// A RecordHit returning `files`, counting its calls.
RecordHit Hits(int64_t files, int& calls) {
  return [files, &calls]() -> Result<int64_t> {
    ++calls;
    return files;
  };
}

TEST(VerdictTest, NamesAreStable) {
  EXPECT_EQ(VerdictName(Verdict::kMatch), "match");
  EXPECT_EQ(VerdictName(Verdict::kHeld), "held");
  EXPECT_EQ(VerdictName(Verdict::kSuppressed), "suppressed");
  EXPECT_EQ(VerdictName(Verdict::kLowQuality), "low_quality");
}

TEST(VerdictTest, PlainMatchRecordsOneHit) {
  int calls = 0;
  const auto decision = DecideVerdict(Facts(), Hits(1, calls));
  ASSERT_TRUE(decision.ok());
  EXPECT_EQ(**decision, (Decision{Verdict::kMatch, ""}));
  EXPECT_EQ(calls, 1);
}

TEST(VerdictTest, BeyondTheBanksDistanceIsNoMatch) {
  VerdictFacts facts = Facts();
  facts.distance = 32;
  facts.allowlisted_by = "bank stock entry 1";
  int calls = 0;
  const auto decision = DecideVerdict(facts, Hits(100, calls));
  ASSERT_TRUE(decision.ok());
  EXPECT_FALSE(decision->has_value());
  EXPECT_EQ(calls, 0);
  facts.distance = 31;
  EXPECT_TRUE(DecideVerdict(facts, Hits(1, calls))->has_value());
}

TEST(VerdictTest, AllowlistComesBeforeQualityAndFlood) {
  VerdictFacts facts = Facts();
  facts.allowlisted_by = "bank stock entry 7";
  facts.quality = 10;
  int calls = 0;
  const auto decision = DecideVerdict(facts, Hits(100, calls));
  ASSERT_TRUE(decision.ok());
  EXPECT_EQ((*decision)->verdict, Verdict::kSuppressed);
  EXPECT_EQ((*decision)->reason, "allowlisted by bank stock entry 7");
  EXPECT_EQ(calls, 0) << "suppressed matches do not count towards a flood";
}

TEST(VerdictTest, LowQualityComesBeforeFlood) {
  VerdictFacts facts = Facts();
  facts.quality = 49;
  int calls = 0;
  const auto decision = DecideVerdict(facts, Hits(100, calls));
  ASSERT_TRUE(decision.ok());
  EXPECT_EQ((*decision)->verdict, Verdict::kLowQuality);
  EXPECT_EQ((*decision)->reason, "quality 49 below 50");
  EXPECT_EQ(calls, 0);
  facts.quality = 50;
  EXPECT_EQ((*DecideVerdict(facts, Hits(1, calls)))->verdict, Verdict::kMatch);
  facts.quality = std::nullopt;  // unknown: not checked
  EXPECT_EQ((*DecideVerdict(facts, Hits(1, calls)))->verdict, Verdict::kMatch);
}

TEST(VerdictTest, FloodHoldsPastTheLimitUnlessConfirmedOrOff) {
  VerdictFacts facts = Facts();
  int calls = 0;
  EXPECT_EQ((*DecideVerdict(facts, Hits(3, calls)))->verdict, Verdict::kMatch);
  const auto held = DecideVerdict(facts, Hits(4, calls));
  ASSERT_TRUE(held.ok());
  EXPECT_EQ((*held)->verdict, Verdict::kHeld);
  EXPECT_EQ((*held)->reason,
            "flood guard: entry matched 4 distinct files within 86400 s (limit 3)");
  EXPECT_EQ(calls, 2);
  facts.confirmed = true;
  EXPECT_EQ((*DecideVerdict(facts, Hits(100, calls)))->verdict, Verdict::kMatch);
  facts.confirmed = false;
  facts.flood_files = 0;
  EXPECT_EQ((*DecideVerdict(facts, Hits(100, calls)))->verdict, Verdict::kMatch);
  EXPECT_EQ(calls, 2) << "no hit recorded when the guard does not apply";
}

TEST(VerdictTest, RecordHitErrorIsReturned) {
  const auto decision =
      DecideVerdict(Facts(), []() -> Result<int64_t> { return absl::UnavailableError("busy"); });
  EXPECT_EQ(decision.status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace clearhost::scan
