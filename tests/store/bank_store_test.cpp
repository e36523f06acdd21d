#include "store/bank_store.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "store_fixture.h"
#include "support/test_support.h"

namespace clearhost::store {
namespace {

using testing::HexSet;
using testing::LiveHexSet;
using testing::RandomPdqSignals;
using testing::SourceOf;

using testing::kNow;

class BankStoreTest : public testing::StoreFixture {
 protected:
  // Rows of the audit log as "actor action bank detail".
  std::vector<std::string> AuditLog() {
    Result<SqliteDatabase> database = SqliteDatabase::Open(path_);
    EXPECT_TRUE(database.ok());
    Result<SqliteStatement> query =
        database->Prepare("SELECT actor, action, bank, detail FROM audit_log ORDER BY id");
    EXPECT_TRUE(query.ok());
    std::vector<std::string> rows;
    while (*query->Step()) {
      rows.push_back(absl::StrCat(
          std::string(query->ColumnText(0)), " ", std::string(query->ColumnText(1)), " ",
          std::string(query->ColumnText(2)), " ", std::string(query->ColumnText(3))));
    }
    return rows;
  }
};

TEST_F(BankStoreTest, CreatesGetsAndListsBanks) {
  const BankSettings settings{.name = "hotline-x",
                              .kind = BankKind::kAllow,
                              .source = "https://hotline.example/export",
                              .labels = {"csam", "hotline"},
                              .enabled = false,
                              .match_distance = 24,
                              .min_quality = 70};
  Result<Bank> created = store_->CreateBank(settings, "alice");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->settings, settings);
  EXPECT_EQ(created->created_at, kNow);

  Result<Bank> fetched = store_->GetBank("hotline-x");
  ASSERT_TRUE(fetched.ok()) << fetched.status();
  EXPECT_EQ(*fetched, *created);

  MustCreate("another");
  Result<std::vector<Bank>> banks = store_->ListBanks();
  ASSERT_TRUE(banks.ok());
  ASSERT_EQ(banks->size(), 2u);
  EXPECT_EQ((*banks)[0].settings.name, "another");
  EXPECT_EQ((*banks)[0].settings.match_distance, 31);  // the defaults
  EXPECT_EQ((*banks)[0].settings.min_quality, 50);
  EXPECT_EQ((*banks)[1], *created);
}

TEST_F(BankStoreTest, RefusesDuplicateAndBadSettings) {
  MustCreate("b");
  EXPECT_EQ(store_->CreateBank({.name = "b"}, "x").status().code(),
            absl::StatusCode::kAlreadyExists);
  for (const BankSettings& bad :
       {BankSettings{.name = ""}, BankSettings{.name = "a b"},
        BankSettings{.name = std::string(129, 'a')}, BankSettings{.name = "c", .labels = {"x,y"}},
        BankSettings{.name = "c", .labels = {""}}, BankSettings{.name = "c", .match_distance = 257},
        BankSettings{.name = "c", .min_quality = -1}}) {
    EXPECT_EQ(store_->CreateBank(bad, "x").status().code(), absl::StatusCode::kInvalidArgument)
        << bad.name;
  }
}

TEST_F(BankStoreTest, RemovesAndEnablesBanks) {
  MustCreate("b");
  MustImport("b", RandomPdqSignals(10, 1));
  now_ += 5;
  ASSERT_TRUE(store_->SetEnabled("b", false, "bob").ok());
  Result<Bank> bank = store_->GetBank("b");
  ASSERT_TRUE(bank.ok());
  EXPECT_FALSE(bank->settings.enabled);
  EXPECT_EQ(bank->updated_at, kNow + 5);
  EXPECT_EQ(bank->current_entries, 10);

  ASSERT_TRUE(store_->RemoveBank("b", "bob").ok());
  EXPECT_EQ(store_->GetBank("b").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->RemoveBank("b", "bob").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->SetEnabled("b", true, "bob").code(), absl::StatusCode::kNotFound);
  // Its entries went with it.
  Result<SqliteDatabase> database = SqliteDatabase::Open(path_);
  ASSERT_TRUE(database.ok());
  Result<SqliteStatement> count = database->Prepare("SELECT COUNT(*) FROM bank_entries");
  ASSERT_TRUE(count.ok() && *count->Step());
  EXPECT_EQ(count->ColumnInt64(0), 0);

  EXPECT_EQ(AuditLog(),
            (std::vector<std::string>{"tester create_bank b kind=block source= labels= enabled=1 "
                                      "match_distance=31 min_quality=50 flood_files=50 "
                                      "flood_window_seconds=86400",
                                      "importer import b mode=merge added=10 unchanged=0 removed=0",
                                      "bob disable_bank b ", "bob remove_bank b "}));
}

TEST_F(BankStoreTest, ImportIsIdempotent) {
  MustCreate("b");
  const std::vector<lists::Signal> signals = RandomPdqSignals(500, 2);
  EXPECT_EQ(MustImport("b", signals), (ImportSummary{.added = 500, .unchanged = 0}));
  now_ += 10;
  EXPECT_EQ(MustImport("b", signals), (ImportSummary{.added = 0, .unchanged = 500}));
  EXPECT_EQ(MustImport("b", signals, ImportMode::kReplace),
            (ImportSummary{.added = 0, .unchanged = 500, .removed = 0}));
  Result<Bank> bank = store_->GetBank("b");
  ASSERT_TRUE(bank.ok());
  EXPECT_EQ(bank->current_entries, 500);
  EXPECT_EQ(bank->updated_at, kNow);  // the re-imports changed nothing
  EXPECT_EQ(LiveHexSet(*store_, "b"), HexSet(signals));
}

TEST_F(BankStoreTest, RepeatedEntriesInOneImportAreAddedOnce) {
  MustCreate("b");
  std::vector<lists::Signal> signals = RandomPdqSignals(3, 3);
  signals.push_back(signals[0]);
  EXPECT_EQ(MustImport("b", signals), (ImportSummary{.added = 3, .unchanged = 1}));
}

TEST_F(BankStoreTest, SameHashInTwoBanksOrOfTwoTypesIsTwoEntries) {
  MustCreate("a");
  MustCreate("b");
  const std::vector<lists::Signal> signals = RandomPdqSignals(1, 4);
  EXPECT_EQ(MustImport("a", signals).added, 1);
  EXPECT_EQ(MustImport("b", signals).added, 1);
  Result<lists::Signal> md5 =
      lists::ParseSignal(lists::SignalType::kMd5, "d41d8cd98f00b204e9800998ecf8427e");
  Result<lists::Signal> sha256 =
      lists::ParseSignal(lists::SignalType::kSha256,
                         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  ASSERT_TRUE(md5.ok() && sha256.ok());
  EXPECT_EQ(MustImport("a", {*md5, *sha256}).added, 2);
  EXPECT_EQ(LiveHexSet(*store_, "a"),
            (std::set<std::string>{signals[0].ToHex(), md5->ToHex(), sha256->ToHex()}));
}

TEST_F(BankStoreTest, FailedImportLeavesTheBankAsItWas) {
  MustCreate("b");
  const std::vector<lists::Signal> old_signals = RandomPdqSignals(100, 5);
  MustImport("b", old_signals);
  const std::vector<lists::Signal> new_signals = RandomPdqSignals(1000, 6);
  for (const ImportMode mode : {ImportMode::kMerge, ImportMode::kReplace}) {
    size_t sent = 0;
    const EntrySource failing = [&](const EntrySink& sink) -> Status {
      for (const lists::Signal& signal : new_signals) {
        if (sent == 600) return absl::DataLossError("list.txt: read error at line 601");
        CLEARHOST_RETURN_IF_ERROR(sink(signal));
        ++sent;
      }
      return Status();
    };
    const Result<ImportSummary> summary = store_->ImportEntries("b", failing, "x", mode);
    EXPECT_EQ(summary.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_EQ(summary.status().message(), "list.txt: read error at line 601");
    EXPECT_EQ(LiveHexSet(*store_, "b"), HexSet(old_signals));
    EXPECT_EQ(store_->GetBank("b")->current_entries, 100);
  }
  // The store still works, and a failed import leaves no audit entry.
  EXPECT_EQ(MustImport("b", new_signals).added, 1000);
  EXPECT_EQ(AuditLog().size(), 3u);
}

TEST_F(BankStoreTest, ImportIntoAMissingBankIsNotFound) {
  EXPECT_EQ(store_->ImportEntries("nope", SourceOf({}), "x", ImportMode::kMerge).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(BankStoreTest, ReplaceRemovesWhatTheImportLacksAndKeepsHistory) {
  MustCreate("b");
  const std::vector<lists::Signal> signals = RandomPdqSignals(30, 7);
  const std::vector<lists::Signal> first(signals.begin(), signals.begin() + 20);
  const std::vector<lists::Signal> second(signals.begin() + 10, signals.end());
  MustImport("b", first);
  now_ += 1;
  EXPECT_EQ(MustImport("b", second, ImportMode::kReplace),
            (ImportSummary{.added = 10, .unchanged = 10, .removed = 10}));
  EXPECT_EQ(LiveHexSet(*store_, "b"), HexSet(second));
  EXPECT_EQ(store_->GetBank("b")->updated_at, kNow + 1);

  // Re-adding a removed entry makes a new live row; the removed one stays as history.
  now_ += 1;
  EXPECT_EQ(MustImport("b", {signals[0]}), (ImportSummary{.added = 1}));
  Result<std::vector<EntryRecord>> history = store_->FindEntries("b", signals[0]);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->size(), 2u);
  const EntryRecord& removed = (*history)[0];
  EXPECT_EQ(removed.added_at, kNow);
  EXPECT_EQ(removed.added_by, "importer");
  EXPECT_EQ(removed.removed_at, kNow + 1);
  EXPECT_EQ(removed.removed_by, "importer");
  const EntryRecord& live = (*history)[1];
  EXPECT_GT(live.id, removed.id);
  EXPECT_EQ(live.added_at, kNow + 2);
  EXPECT_EQ(live.removed_at, std::nullopt);
  EXPECT_EQ(live.signal, signals[0]);
  EXPECT_EQ(live.bank, "b");
  Result<std::optional<EntryRecord>> by_id = store_->GetEntry(removed.id);
  ASSERT_TRUE(by_id.ok() && by_id->has_value());
  EXPECT_EQ((*by_id)->removed_at, kNow + 1);
  EXPECT_EQ(store_->GetBank("b")->removed_entries, 10);
}

TEST_F(BankStoreTest, LiveEntriesOfEnabledBanksSkipRemovedAndDisputed) {
  const Bank a = MustCreate("a");
  const Bank b = MustCreate("b");
  MustCreate("off", /*enabled=*/false);
  const std::vector<lists::Signal> signals = RandomPdqSignals(6, 8);
  MustImport("a", {signals[0], signals[1], signals[2]});
  MustImport("b", {signals[3], signals[4]});
  MustImport("off", {signals[5]});
  MustImport("a", {signals[0], signals[1]}, ImportMode::kReplace);  // removes signals[2]
  ASSERT_TRUE(
      store_->SetEntryStatus("a", signals[1], EntryStatus::kDisputed, "not a match", "ann").ok());
  std::map<std::string, int64_t> bank_of;  // hex -> bank id
  std::set<int64_t> ids;
  ASSERT_TRUE(store_
                  ->LiveEntries(std::nullopt,
                                [&](const LiveEntry& entry) {
                                  bank_of[entry.signal.ToHex()] = entry.bank_id;
                                  ids.insert(entry.id);
                                  return Status();
                                })
                  .ok());
  EXPECT_EQ(bank_of, (std::map<std::string, int64_t>{{signals[0].ToHex(), a.id},
                                                     {signals[3].ToHex(), b.id},
                                                     {signals[4].ToHex(), b.id}}));
  EXPECT_EQ(ids.size(), 3u);
  // A named bank is walked even when disabled.
  EXPECT_EQ(LiveHexSet(*store_, "off"), HexSet({signals[5]}));
  EXPECT_EQ(store_->LiveEntries("nope", [](const LiveEntry&) { return Status(); }).status().code(),
            absl::StatusCode::kNotFound);
  // The callback's error stops the walk.
  int calls = 0;
  const Status stopped = store_
                             ->LiveEntries(std::nullopt,
                                           [&](const LiveEntry&) {
                                             ++calls;
                                             return absl::CancelledError("enough");
                                           })
                             .status();
  EXPECT_EQ(stopped.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(calls, 1);
}

TEST_F(BankStoreTest, ReopeningKeepsEverything) {
  MustCreate("b");
  const std::vector<lists::Signal> signals = RandomPdqSignals(50, 9);
  MustImport("b", signals);
  store_.reset();
  Result<BankStore> reopened = BankStore::Open(path_);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(LiveHexSet(*reopened, "b"), HexSet(signals));
}

}  // namespace
}  // namespace clearhost::store
