// BankMatcher on a real store: allowlists, disputes (also before the index catches up), removed
// entries, per-bank distance and quality, the flood guard (distinct files, repeats, confirmed
// entries, window expiry), bank filters, digests and dihedral transforms.
#include "scan/bank_matcher.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "store/store_fixture.h"

namespace clearhost::scan {
namespace {

using store::BankKind;
using store::BankSettings;
using store::EntryStatus;

lists::Signal FlipBits(lists::Signal signal, int flips, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::set<int> bits;
  while (int(bits.size()) < flips) bits.insert(int(rng() % 256));
  for (const int bit : bits) signal.pdq.words()[bit >> 6] ^= uint64_t{1} << (bit & 63);
  return signal;
}

BankQuery Query(const lists::Signal& signal, std::optional<int> quality = std::nullopt,
                std::string file_key = "") {
  BankQuery query;
  query.signal = signal;
  query.quality = quality;
  query.file_key = std::move(file_key);
  return query;
}

class BankMatcherTest : public store::testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    target_ = store::testing::RandomPdqSignals(1, 42)[0];
  }

  void Create(BankSettings settings) {
    const auto bank = store_->CreateBank(settings, "tester");
    ASSERT_TRUE(bank.ok()) << bank.status();
  }

  // The id of bank `bank`'s entry holding `signal`.
  int64_t EntryId(const std::string& bank, const lists::Signal& signal) {
    const auto entries = store_->FindEntries(bank, signal);
    EXPECT_TRUE(entries.ok() && !entries->empty());
    return entries.ok() && !entries->empty() ? entries->back().id : 0;
  }

  void BuildIndex() {
    Result<BankIndex> index = BankIndex::Build(*store_);
    ASSERT_TRUE(index.ok()) << index.status();
    index_.emplace(std::move(*index));
  }

  BankMatcher Matcher(BankMatcher::Options options = {}) {
    options.clock = [this] { return now_; };
    return BankMatcher(*index_, *store_, std::move(options));
  }

  std::vector<BankMatch> MustMatch(BankMatcher& matcher, const BankQuery& query) {
    Result<std::vector<BankMatch>> matches = matcher.Match(query);
    EXPECT_TRUE(matches.ok()) << matches.status();
    return matches.ok() ? *matches : std::vector<BankMatch>{};
  }

  lists::Signal target_;
  std::optional<BankIndex> index_;
};

TEST_F(BankMatcherTest, AllowlistedHashNeverMatches) {
  Create({.name = "hotline"});
  Create({.name = "stock", .kind = BankKind::kAllow});
  const lists::Signal allowed = FlipBits(target_, 20, 1);  // within the allow bank's 31
  MustImport("hotline", {target_});
  MustImport("stock", {allowed});
  BuildIndex();
  BankMatcher matcher = Matcher();
  // The block entry is exact, the allow entry 20 bits away: still suppressed.
  const auto matches = MustMatch(matcher, Query(target_, 100));
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].verdict, Verdict::kSuppressed);
  EXPECT_EQ(matches[0].bank, "hotline");
  EXPECT_EQ(matches[0].entry_id, EntryId("hotline", target_));
  EXPECT_EQ(matches[0].distance, 0);
  ASSERT_TRUE(matches[0].suppressed_by.has_value());
  EXPECT_EQ(*matches[0].suppressed_by, (AllowHit{"stock", EntryId("stock", allowed), 20}));
  EXPECT_NE(matches[0].reason.find("allowlisted by bank stock entry"), std::string::npos);
  // Near copies of the picture are allowlisted as long as the allow entry is within 31 of them.
  const lists::Signal near = FlipBits(target_, 5, 2);
  for (const BankMatch& match : MustMatch(matcher, Query(near, 100))) {
    EXPECT_EQ(match.verdict, Verdict::kSuppressed);
  }
  EXPECT_EQ(matcher.counts().of(Verdict::kSuppressed), 2);
  EXPECT_EQ(matcher.counts().of(Verdict::kMatch), 0);
  EXPECT_EQ(matcher.counts().allowlisted_queries, 2);
  EXPECT_EQ(matcher.counts().queries, 2);
}

TEST_F(BankMatcherTest, AllowEntryBeyondItsOwnDistanceDoesNotSuppress) {
  Create({.name = "hotline"});
  Create({.name = "stock", .kind = BankKind::kAllow, .match_distance = 10});
  MustImport("hotline", {target_});
  MustImport("stock", {FlipBits(target_, 20, 3)});
  BuildIndex();
  BankMatcher matcher = Matcher();
  const auto matches = MustMatch(matcher, Query(target_, 100));
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].verdict, Verdict::kMatch);
  // An override radius applies to allow banks too.
  BankMatcher wide = Matcher({.radius = 25});
  EXPECT_EQ(MustMatch(wide, Query(target_, 100)).at(0).verdict, Verdict::kSuppressed);
}

TEST_F(BankMatcherTest, DisabledAllowBankDoesNotSuppress) {
  Create({.name = "hotline"});
  Create({.name = "stock", .kind = BankKind::kAllow, .enabled = false});
  MustImport("hotline", {target_});
  MustImport("stock", {target_});
  BuildIndex();
  BankMatcher matcher = Matcher();
  EXPECT_EQ(MustMatch(matcher, Query(target_, 100)).at(0).verdict, Verdict::kMatch);
}

TEST_F(BankMatcherTest, DisputedEntryNeverMatchesEvenBeforeTheIndexCatchesUp) {
  Create({.name = "hotline"});
  const lists::Signal other = store::testing::RandomPdqSignals(1, 43)[0];
  MustImport("hotline", {target_, other});
  BuildIndex();
  ASSERT_TRUE(
      store_->SetEntryStatus("hotline", target_, EntryStatus::kDisputed, "stock photo", "reviewer")
          .ok());
  const int64_t id = EntryId("hotline", target_);
  ASSERT_TRUE(index_->pdq_snapshot()->Contains(uint64_t(id))) << "the index still holds it";
  BankMatcher matcher = Matcher();
  EXPECT_TRUE(MustMatch(matcher, Query(target_, 100)).empty());
  EXPECT_EQ(MustMatch(matcher, Query(other, 100)).size(), 1u);
  ASSERT_TRUE(index_->Refresh(*store_).ok());
  EXPECT_FALSE(index_->pdq_snapshot()->Contains(uint64_t(id)));
  EXPECT_TRUE(MustMatch(matcher, Query(target_, 100)).empty());
  // Confirmed after review: it matches again.
  ASSERT_TRUE(
      store_->SetEntryStatus("hotline", target_, EntryStatus::kConfirmed, "real", "reviewer").ok());
  ASSERT_TRUE(index_->Refresh(*store_).ok());
  EXPECT_EQ(MustMatch(matcher, Query(target_, 100)).at(0).verdict, Verdict::kMatch);
}

TEST_F(BankMatcherTest, RemovedEntryNeverMatchesEvenBeforeTheIndexCatchesUp) {
  Create({.name = "hotline"});
  const lists::Signal other = store::testing::RandomPdqSignals(1, 44)[0];
  MustImport("hotline", {target_, other});
  BuildIndex();
  MustImport("hotline", {other}, store::ImportMode::kReplace);
  BankMatcher matcher = Matcher();
  EXPECT_TRUE(MustMatch(matcher, Query(target_, 100)).empty());
}

TEST_F(BankMatcherTest, EachBanksOwnDistanceApplies) {
  Create({.name = "near", .match_distance = 10});
  Create({.name = "far", .match_distance = 40});
  MustImport("near", {target_});
  MustImport("far", {target_});
  BuildIndex();
  EXPECT_EQ(index_->max_match_distance(), 40);
  BankMatcher matcher = Matcher();
  const auto at_20 = MustMatch(matcher, Query(FlipBits(target_, 20, 5), 100));
  ASSERT_EQ(at_20.size(), 1u);
  EXPECT_EQ(at_20[0].bank, "far");
  EXPECT_EQ(at_20[0].distance, 20);
  EXPECT_EQ(MustMatch(matcher, Query(FlipBits(target_, 10, 6), 100)).size(), 2u);
  EXPECT_TRUE(MustMatch(matcher, Query(FlipBits(target_, 41, 7), 100)).empty());
  // --radius replaces every bank's distance.
  BankMatcher overridden = Matcher({.radius = 25});
  EXPECT_EQ(MustMatch(overridden, Query(FlipBits(target_, 20, 5), 100)).size(), 2u);
  EXPECT_TRUE(MustMatch(overridden, Query(FlipBits(target_, 30, 8), 100)).empty());
}

TEST_F(BankMatcherTest, LowQualityIsReportedNotActedOnAndNotCounted) {
  Create({.name = "hotline", .min_quality = 60, .flood_files = 1});
  MustImport("hotline", {target_});
  BuildIndex();
  BankMatcher matcher = Matcher();
  for (int k = 0; k < 3; ++k) {
    const auto matches = MustMatch(matcher, Query(target_, 59, "file" + std::to_string(k)));
    ASSERT_EQ(matches.size(), 1u);
    EXPECT_EQ(matches[0].verdict, Verdict::kLowQuality);
    EXPECT_EQ(matches[0].reason, "quality 59 below 60");
  }
  // Low-quality matches did not count towards the flood guard (limit 1 file).
  EXPECT_EQ(MustMatch(matcher, Query(target_, 60, "good")).at(0).verdict, Verdict::kMatch);
  EXPECT_EQ(matcher.counts().of(Verdict::kLowQuality), 3);
  EXPECT_EQ(matcher.counts().of(Verdict::kMatch), 1);
}

TEST_F(BankMatcherTest, FloodIsHeldAfterTheLimitOfDistinctFiles) {
  Create({.name = "hotline", .flood_files = 3, .flood_window_seconds = 3600});
  MustImport("hotline", {target_});
  BuildIndex();
  BankMatcher matcher = Matcher();
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(MustMatch(matcher, Query(target_, 100, "file" + std::to_string(k))).at(0).verdict,
              Verdict::kMatch)
        << k;
  }
  // The same file again does not count twice.
  EXPECT_EQ(MustMatch(matcher, Query(target_, 100, "file0")).at(0).verdict, Verdict::kMatch);
  const auto fourth = MustMatch(matcher, Query(target_, 100, "file3"));
  ASSERT_EQ(fourth.size(), 1u);
  EXPECT_EQ(fourth[0].verdict, Verdict::kHeld);
  EXPECT_EQ(fourth[0].reason,
            "flood guard: entry matched 4 distinct files within 3600 s (limit 3)");
  // Without a file key the query's hash is the key: the same hash is one file.
  const lists::Signal near = FlipBits(target_, 3, 9);
  EXPECT_EQ(MustMatch(matcher, Query(near, 100)).at(0).verdict, Verdict::kHeld);
  EXPECT_EQ(matcher.counts().of(Verdict::kHeld), 2);
}

TEST_F(BankMatcherTest, FloodWindowExpires) {
  Create({.name = "hotline", .flood_files = 2, .flood_window_seconds = 60});
  MustImport("hotline", {target_});
  BuildIndex();
  BankMatcher matcher = Matcher();
  EXPECT_EQ(MustMatch(matcher, Query(target_, 100, "a")).at(0).verdict, Verdict::kMatch);
  EXPECT_EQ(MustMatch(matcher, Query(target_, 100, "b")).at(0).verdict, Verdict::kMatch);
  EXPECT_EQ(MustMatch(matcher, Query(target_, 100, "c")).at(0).verdict, Verdict::kHeld);
  now_ += 61 * 1'000'000;  // a, b and c fall out of the window
  EXPECT_EQ(MustMatch(matcher, Query(target_, 100, "d")).at(0).verdict, Verdict::kMatch);
  EXPECT_EQ(MustMatch(matcher, Query(target_, 100, "e")).at(0).verdict, Verdict::kMatch);
  EXPECT_EQ(MustMatch(matcher, Query(target_, 100, "f")).at(0).verdict, Verdict::kHeld);
}

TEST_F(BankMatcherTest, ConfirmedEntryIsExemptFromTheFloodGuard) {
  Create({.name = "hotline", .flood_files = 1});
  MustImport("hotline", {target_});
  ASSERT_TRUE(
      store_->SetEntryStatus("hotline", target_, EntryStatus::kConfirmed, "real", "reviewer").ok());
  BuildIndex();
  BankMatcher matcher = Matcher();
  for (int k = 0; k < 5; ++k) {
    EXPECT_EQ(MustMatch(matcher, Query(target_, 100, std::to_string(k))).at(0).verdict,
              Verdict::kMatch);
  }
}

TEST_F(BankMatcherTest, FloodGuardOffWithZero) {
  Create({.name = "hotline", .flood_files = 0});
  MustImport("hotline", {target_});
  BuildIndex();
  BankMatcher matcher = Matcher();
  for (int k = 0; k < 5; ++k) {
    EXPECT_EQ(MustMatch(matcher, Query(target_, 100, std::to_string(k))).at(0).verdict,
              Verdict::kMatch);
  }
}

TEST_F(BankMatcherTest, BlockBankFilterKeepsAllowBanks) {
  Create({.name = "one"});
  Create({.name = "two"});
  Create({.name = "stock", .kind = BankKind::kAllow});
  MustImport("one", {target_});
  MustImport("two", {target_});
  const lists::Signal allowed = store::testing::RandomPdqSignals(1, 45)[0];
  MustImport("one", {allowed});
  MustImport("stock", {allowed});
  BuildIndex();
  const int64_t two = store_->GetBank("two")->id;
  BankMatcher matcher = Matcher({.block_banks = absl::flat_hash_set<int64_t>{two}});
  const auto matches = MustMatch(matcher, Query(target_, 100));
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].bank, "two");
  EXPECT_TRUE(MustMatch(matcher, Query(allowed, 100)).empty()) << "bank one is not reported";
  BankMatcher only_one =
      Matcher({.block_banks = absl::flat_hash_set<int64_t>{store_->GetBank("one")->id}});
  EXPECT_EQ(MustMatch(only_one, Query(allowed, 100)).at(0).verdict, Verdict::kSuppressed);
}

TEST_F(BankMatcherTest, DigestsMatchExactlyAndAreAllowlistedToo) {
  Create({.name = "hotline"});
  Create({.name = "stock", .kind = BankKind::kAllow});
  const lists::Signal md5 =
      lists::ParseSignal(lists::SignalType::kMd5, "d41d8cd98f00b204e9800998ecf8427e").value();
  const lists::Signal sha256 = lists::ParseSignal(lists::SignalType::kSha256,
                                                  "e3b0c44298fc1c149afbf4c8996fb924"
                                                  "27ae41e4649b934ca495991b7852b855")
                                   .value();
  MustImport("hotline", {md5, sha256});
  MustImport("stock", {sha256});
  BuildIndex();
  BankMatcher matcher = Matcher();
  const auto by_md5 = MustMatch(matcher, Query(md5, 10));  // quality ignored for digests
  ASSERT_EQ(by_md5.size(), 1u);
  EXPECT_EQ(by_md5[0].verdict, Verdict::kMatch);
  EXPECT_EQ(by_md5[0].match, md5);
  EXPECT_EQ(MustMatch(matcher, Query(sha256)).at(0).verdict, Verdict::kSuppressed);
}

TEST_F(BankMatcherTest, DihedralTransformsFindEachEntryOnceAtItsSmallestDistance) {
  Create({.name = "hotline"});
  const lists::Signal rotated = store::testing::RandomPdqSignals(1, 46)[0];
  MustImport("hotline", {rotated});
  BuildIndex();
  BankMatcher matcher = Matcher();
  std::vector<Hash256> transforms(7);
  for (size_t k = 0; k < transforms.size(); ++k) {
    transforms[k] = store::testing::RandomPdqSignals(1, 100 + k)[0].pdq;
  }
  transforms[2] = FlipBits(rotated, 4, 10).pdq;  // transform 3 finds it at 4
  transforms[5] = FlipBits(rotated, 2, 11).pdq;  // transform 6 at 2
  BankQuery query = Query(target_, 100);
  query.transforms = transforms;
  const auto matches = MustMatch(matcher, query);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].transform, 6);
  EXPECT_EQ(matches[0].distance, 2);
}

}  // namespace
}  // namespace clearhost::scan
