// Drives `clearhost match --db` end to end: lists imported with `clearhost lists import`, then
// hashes (stdin) and files matched against the banks with a verdict per match — allowlisted,
// disputed and flooding entries included — and the usage rules of --db, --bank and --radius.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "core/hash256.h"
#include "store/bank_store.h"
#include "support/test_support.h"

namespace clearhost {
namespace {

using testing::JsonLines;
using testing::WriteText;

namespace fs = std::filesystem;
using testing::RunClearhost;
using testing::ScratchDir;
using testing::WriteFile;

Hash256 RandomHash(std::mt19937_64& rng) {
  Hash256 hash;
  for (auto& word : hash.words()) word = rng();
  return hash;
}

Hash256 FlipBits(Hash256 hash, int flips) {
  for (int bit = 0; bit < flips; ++bit) hash.words()[bit >> 6] ^= uint64_t{1} << (bit & 63);
  return hash;
}

lists::Signal PdqSignal(const Hash256& hash) {
  lists::Signal signal;
  signal.pdq = hash;
  return signal;
}

// A store with bank `hotline` (block: five hashes) and bank `stock` (allow: one hash 10 bits
// from hotline's second).
class MatchDbCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::mt19937_64 rng(7);
    for (int k = 0; k < 5; ++k) block_.push_back(RandomHash(rng));
    std::string block_list;
    for (const Hash256& hash : block_) absl::StrAppend(&block_list, hash.ToHex(), "\n");
    WriteText(dir_.path() / "hotline.txt", block_list);
    WriteText(dir_.path() / "stock.txt", absl::StrCat(FlipBits(block_[1], 10).ToHex(), "\n"));
    const auto imported = RunClearhost({"lists", "import", "--db", db_, "--bank", "hotline",
                                        (dir_.path() / "hotline.txt").string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    const auto allowed = RunClearhost({"lists", "import", "--db", db_, "--bank", "stock", "--kind",
                                       "allow", (dir_.path() / "stock.txt").string()});
    ASSERT_EQ(allowed.exit_code, 0) << allowed.err;
  }

  Result<store::BankStore> OpenStore() { return store::BankStore::Open(dir_.path() / "store.db"); }

  int64_t EntryId(const std::string& bank, const Hash256& hash) {
    auto store = OpenStore();
    EXPECT_TRUE(store.ok()) << store.status();
    const auto entries = store->FindEntries(bank, PdqSignal(hash));
    EXPECT_TRUE(entries.ok() && entries->size() == 1u);
    return entries.ok() && !entries->empty() ? entries->front().id : 0;
  }

  ScratchDir dir_;
  std::string db_ = "sqlite:" + (dir_.path() / "store.db").string();
  std::vector<Hash256> block_;
};

TEST_F(MatchDbCliTest, HashesFromStdinGetVerdictsBanksAndEntryIds) {
  std::mt19937_64 rng(8);
  const std::string input =
      absl::StrCat(block_[0].ToHex(), "\n", FlipBits(block_[2], 5).ToHex(), "\n", block_[1].ToHex(),
                   "\n", RandomHash(rng).ToHex(), "\n");
  const auto result = RunClearhost({"match", "--db", db_, "--hashes", "-"}, input);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto lines = JsonLines(result.out);
  ASSERT_EQ(lines.size(), 3u) << result.out;

  EXPECT_EQ(lines[0]["query"], block_[0].ToHex());
  EXPECT_EQ(lines[0]["match"], block_[0].ToHex());
  EXPECT_EQ(lines[0]["distance"], 0);
  EXPECT_EQ(lines[0]["bank"], "hotline");
  EXPECT_EQ(lines[0]["bank_kind"], "block");
  EXPECT_EQ(lines[0]["entry_id"], EntryId("hotline", block_[0]));
  EXPECT_EQ(lines[0]["verdict"], "match");
  EXPECT_FALSE(lines[0].contains("reason"));

  EXPECT_EQ(lines[1]["match"], block_[2].ToHex());
  EXPECT_EQ(lines[1]["distance"], 5);
  EXPECT_EQ(lines[1]["verdict"], "match");

  // Allowlisted: the block entry is exact, the allow entry 10 bits away.
  EXPECT_EQ(lines[2]["query"], block_[1].ToHex());
  EXPECT_EQ(lines[2]["entry_id"], EntryId("hotline", block_[1]));
  EXPECT_EQ(lines[2]["verdict"], "suppressed");
  EXPECT_EQ(lines[2]["suppressed_by"]["bank"], "stock");
  EXPECT_EQ(lines[2]["suppressed_by"]["entry_id"], EntryId("stock", FlipBits(block_[1], 10)));
  EXPECT_EQ(lines[2]["suppressed_by"]["distance"], 10);

  EXPECT_NE(result.err.find("4 queries, 2 match, 0 held, 1 suppressed, 0 low_quality"),
            std::string::npos)
      << result.err;
}

TEST_F(MatchDbCliTest, DisputedNeverMatchesAndAFloodIsHeld) {
  {
    auto store = OpenStore();
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE(store
                    ->SetEntryStatus("hotline", PdqSignal(block_[0]), store::EntryStatus::kDisputed,
                                     "stock photo", "reviewer")
                    .ok());
    auto bank = store->GetBank("hotline");
    ASSERT_TRUE(bank.ok());
    store::BankSettings settings = bank->settings;
    settings.flood_files = 2;
    ASSERT_TRUE(store->UpdateBankSettings(settings, "admin").ok());
  }
  // Three different hashes near block_[3]: three distinct files for the flood guard.
  const std::string input =
      absl::StrCat(block_[0].ToHex(), "\n", block_[3].ToHex(), "\n", FlipBits(block_[3], 1).ToHex(),
                   "\n", FlipBits(block_[3], 2).ToHex(), "\n");
  const auto result = RunClearhost({"match", "--db", db_, "--hashes", "-"}, input);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto lines = JsonLines(result.out);
  ASSERT_EQ(lines.size(), 3u) << result.out;
  EXPECT_EQ(lines[0]["verdict"], "match");
  EXPECT_EQ(lines[1]["verdict"], "match");
  EXPECT_EQ(lines[2]["verdict"], "held");
  EXPECT_EQ(lines[2]["reason"],
            "flood guard: entry matched 3 distinct files within 86400 s (limit 2)");
  EXPECT_NE(result.err.find("1 held"), std::string::npos) << result.err;
}

TEST_F(MatchDbCliTest, RadiusBankFilterAndCsv) {
  const std::string input = absl::StrCat(FlipBits(block_[4], 20).ToHex(), "\n");
  const auto narrow =
      RunClearhost({"match", "--db", db_, "--radius", "10", "--hashes", "-"}, input);
  ASSERT_EQ(narrow.exit_code, 0) << narrow.err;
  EXPECT_EQ(narrow.out, "");
  const auto csv = RunClearhost({"match", "--db", db_, "--format", "csv", "--hashes", "-"}, input);
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out,
            absl::StrCat("query,type,match,distance,bank,bank_kind,entry_id,verdict,reason\n",
                         FlipBits(block_[4], 20).ToHex(), ",pdq,", block_[4].ToHex(),
                         ",20,hotline,block,", EntryId("hotline", block_[4]), ",match,\n"));
  const auto other = RunClearhost(
      {"lists", "import", "--db", db_, "--bank", "other", (dir_.path() / "hotline.txt").string()});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  const auto both = RunClearhost({"match", "--db", db_, "--hashes", "-"}, input);
  EXPECT_EQ(JsonLines(both.out).size(), 2u) << both.out;
  const auto only = RunClearhost({"match", "--db", db_, "--bank", "other", "--hashes", "-"}, input);
  ASSERT_EQ(only.exit_code, 0) << only.err;
  const auto lines = JsonLines(only.out);
  ASSERT_EQ(lines.size(), 1u) << only.out;
  EXPECT_EQ(lines[0]["bank"], "other");
}

TEST_F(MatchDbCliTest, FilesAreMatchedByTheirPdqHash) {
  const image::RgbImage picture = testing::MakeTestPicture(160, 120, 5);
  WriteFile(dir_.path() / "a.png", testing::EncodePng(picture));
  const std::string path = (dir_.path() / "a.png").string();
  const auto hashed = RunClearhost({"hash", "--format", "pdq", path});
  ASSERT_EQ(hashed.exit_code, 0) << hashed.err;
  WriteText(dir_.path() / "known.pdq", hashed.out);
  ASSERT_EQ(RunClearhost({"lists", "import", "--db", db_, "--bank", "known",
                          (dir_.path() / "known.pdq").string()})
                .exit_code,
            0);
  const auto result = RunClearhost({"match", "--db", db_, path});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto lines = JsonLines(result.out);
  ASSERT_EQ(lines.size(), 1u) << result.out;
  EXPECT_EQ(lines[0]["query"], path);
  EXPECT_EQ(lines[0]["type"], "pdq");
  EXPECT_EQ(lines[0]["bank"], "known");
  EXPECT_EQ(lines[0]["distance"], 0);
  EXPECT_EQ(lines[0]["verdict"], "match");
  EXPECT_NE(result.err.find("4 queries, 1 match"), std::string::npos) << result.err;
}

TEST_F(MatchDbCliTest, UsageAndInputErrors) {
  const std::string hash = block_[0].ToHex();
  EXPECT_EQ(RunClearhost({"match", "--db", db_, "--list", "x.txt", "--hashes", "-"}).exit_code, 2);
  EXPECT_EQ(RunClearhost({"match", "--db", db_, "--index", "x.idx", "--hashes", "-"}).exit_code, 2);
  EXPECT_EQ(RunClearhost({"match", "--bank", "hotline", "--hashes", "-"}).exit_code, 2);
  EXPECT_EQ(RunClearhost({"match", "--hashes", "-"}).exit_code, 2);
  const auto unknown = RunClearhost({"match", "--db", db_, "--bank", "nope", "--hashes", "-"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("nope"), std::string::npos) << unknown.err;
  // A bad line is reported and the others are still answered.
  const auto bad =
      RunClearhost({"match", "--db", db_, "--hashes", "-"}, absl::StrCat("zz\n", hash, "\n"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("stdin:1:"), std::string::npos) << bad.err;
  EXPECT_EQ(JsonLines(bad.out).size(), 1u) << bad.out;
}

}  // namespace
}  // namespace clearhost
