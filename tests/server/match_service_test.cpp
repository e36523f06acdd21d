// MatchService: matches follow bank changes through catch-ups and rebuilds, and searches running
// on other threads meanwhile never fail or see a half-built index.
#include "server/match_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "support/test_support.h"

namespace clearhost::server {
namespace {

using testing::ScratchDir;

lists::Signal Pdq(char digit) {
  Result<lists::Signal> signal =
      lists::ParseSignal(lists::SignalType::kPdq, std::string(64, digit));
  EXPECT_TRUE(signal.ok());
  return *signal;
}

Status Import(MatchService& service, const std::string& bank, const lists::Signal& signal) {
  CLEARHOST_ASSIGN_OR_RETURN(BankStoreLease lease, service.LeaseStore());
  const store::EntrySource source = [&signal](const store::EntrySink& sink) {
    return sink(signal);
  };
  return lease.store().ImportEntries(bank, source, "test", store::ImportMode::kMerge).status();
}

class MatchServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<MatchService>> opened = MatchService::Open(
        {.banks_path = (dir_.path() / "banks.db").string(), .refresh_interval_ms = 20});
    ASSERT_TRUE(opened.ok()) << opened.status();
    service_ = std::move(*opened);
    Result<BankStoreLease> lease = service_->LeaseStore();
    ASSERT_TRUE(lease.ok());
    ASSERT_TRUE(lease->store().CreateBank({.name = "known"}, "test").ok());
  }

  size_t Matches(const lists::Signal& signal) {
    const MatchQuery query{.signal = signal};
    Result<std::vector<std::vector<scan::BankMatch>>> found =
        service_->Match(std::span(&query, 1), {});
    EXPECT_TRUE(found.ok()) << found.status();
    return found.ok() ? (*found)[0].size() : 0;
  }

  ScratchDir dir_;
  std::unique_ptr<MatchService> service_;
};

TEST_F(MatchServiceTest, RefreshAndReloadServeWhatTheStoreHolds) {
  ASSERT_TRUE(Import(*service_, "known", Pdq('1')).ok());
  ASSERT_TRUE(service_->Refresh().ok());
  EXPECT_EQ(Matches(Pdq('1')), 1u);
  EXPECT_EQ(service_->index_status().pdq_entries, 1u);

  // A removed bank: the index is rebuilt beside the served one.
  {
    Result<BankStoreLease> lease = service_->LeaseStore();
    ASSERT_TRUE(lease.ok());
    ASSERT_TRUE(lease->store().CreateBank({.name = "other"}, "test").ok());
  }
  ASSERT_TRUE(Import(*service_, "other", Pdq('2')).ok());
  ASSERT_TRUE(service_->Refresh().ok());
  EXPECT_EQ(Matches(Pdq('2')), 1u);
  const int64_t rebuilds = service_->statistics().rebuilds;
  {
    Result<BankStoreLease> lease = service_->LeaseStore();
    ASSERT_TRUE(lease.ok());
    ASSERT_TRUE(lease->store().RemoveBank("other", "test").ok());
  }
  ASSERT_TRUE(service_->Refresh().ok());
  EXPECT_EQ(Matches(Pdq('2')), 0u);
  EXPECT_EQ(Matches(Pdq('1')), 1u);
  EXPECT_GT(service_->statistics().rebuilds, rebuilds);

  ASSERT_TRUE(service_->Reload().ok());
  EXPECT_EQ(Matches(Pdq('1')), 1u);
  const std::vector<RecentMatch> recent = service_->RecentMatches(10);
  ASSERT_FALSE(recent.empty());
  EXPECT_EQ(recent[0].bank, "known");
}

TEST_F(MatchServiceTest, SearchesDuringChangesNeverFail) {
  ASSERT_TRUE(Import(*service_, "known", Pdq('1')).ok());
  ASSERT_TRUE(service_->Refresh().ok());
  std::atomic<bool> stop{false};
  std::atomic<int> wrong{0};
  std::vector<std::thread> searchers;
  for (int t = 0; t < 2; ++t) {
    searchers.emplace_back([&] {
      while (!stop.load()) {
        if (Matches(Pdq('1')) != 1) wrong.fetch_add(1);
      }
    });
  }
  for (int round = 0; round < 5; ++round) {
    const std::string scratch = absl::StrCat("scratch", round);
    {
      Result<BankStoreLease> lease = service_->LeaseStore();
      ASSERT_TRUE(lease.ok());
      ASSERT_TRUE(lease->store().CreateBank({.name = scratch}, "test").ok());
    }
    ASSERT_TRUE(Import(*service_, scratch, Pdq("23456"[round])).ok());
    ASSERT_TRUE(service_->Refresh().ok());
    ASSERT_TRUE(service_->Reload().ok());
    {
      Result<BankStoreLease> lease = service_->LeaseStore();
      ASSERT_TRUE(lease.ok());
      ASSERT_TRUE(lease->store().RemoveBank(scratch, "test").ok());
    }
    ASSERT_TRUE(service_->Refresh().ok());
  }
  stop.store(true);
  for (std::thread& searcher : searchers) searcher.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(service_->statistics().refresh_failures, 0);
}

}  // namespace
}  // namespace clearhost::server
