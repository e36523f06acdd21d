// A BankStore on a scratch database with a settable clock, for the store suites.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/bank_store.h"
#include "store_test_util.h"
#include "support/test_support.h"

namespace clearhost::store::testing {

inline constexpr int64_t kNow = 1'700'000'000'000'000;

class StoreFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<BankStore> store = BankStore::Open(path_, {}, [this] { return now_; });
    ASSERT_TRUE(store.ok()) << store.status();
    store_.emplace(std::move(*store));
  }

  Bank MustCreate(const std::string& name, bool enabled = true) {
    Result<Bank> bank = store_->CreateBank({.name = name, .enabled = enabled}, "tester");
    EXPECT_TRUE(bank.ok()) << bank.status();
    return bank.ok() ? *bank : Bank{};
  }

  ImportSummary MustImport(const std::string& name, const std::vector<lists::Signal>& signals,
                           ImportMode mode = ImportMode::kMerge) {
    Result<ImportSummary> summary =
        store_->ImportEntries(name, SourceOf(signals), "importer", mode);
    EXPECT_TRUE(summary.ok()) << summary.status();
    return summary.ok() ? *summary : ImportSummary{};
  }

  // Every live entry of the enabled banks: id -> hex.
  std::map<int64_t, std::string> Served() {
    std::map<int64_t, std::string> served;
    const Status status = store_
                              ->LiveEntries(std::nullopt,
                                            [&](const LiveEntry& entry) {
                                              served[entry.id] = entry.signal.ToHex();
                                              return Status();
                                            })
                              .status();
    EXPECT_TRUE(status.ok()) << status;
    return served;
  }

  clearhost::testing::ScratchDir dir_;
  std::filesystem::path path_ = dir_.path() / "store.db";
  int64_t now_ = kNow;
  std::optional<BankStore> store_;
};

}  // namespace clearhost::store::testing
