// Drives `clearhost lists create|set|show|dispute|confirm` end to end on a real SQLite store:
// settings round trip, feedback that changes what is exported and served, the audit trail, and
// bad input named with a non-zero exit.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "support/test_support.h"

namespace clearhost {
namespace {

namespace fs = std::filesystem;
using testing::RunClearhost;
using testing::ScratchDir;
using testing::WriteFile;

std::string Hash(int n) {
  std::string hex(64, '0');
  const std::string tail = absl::StrCat(n);
  hex.replace(64 - tail.size(), tail.size(), tail);
  return hex;
}

class ListsReviewCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string text = absl::StrCat(Hash(1), "\n", Hash(2), "\n", Hash(3), "\n");
    WriteFile(list_, std::vector<uint8_t>(text.begin(), text.end()));
    ASSERT_EQ(Lists({"import", "--bank", "hot", "--actor", "ann", list_.string()}).exit_code, 0);
  }

  testing::CommandResult Lists(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--db", db_});
    args.insert(args.begin(), "lists");
    return RunClearhost(args);
  }

  nlohmann::json Show(std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"show", "--bank", "hot"});
    const auto shown = Lists(args);
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    return nlohmann::json::parse(shown.out);
  }

  ScratchDir dir_;
  std::string db_ = "sqlite:" + (dir_.path() / "store.db").string();
  fs::path list_ = dir_.path() / "list.txt";
};

TEST_F(ListsReviewCliTest, DisputeStopsServingAndConfirmBringsBack) {
  const auto disputed =
      Lists({"dispute", "--bank", "hot", "--reason", "stock photo", "--actor", "bob", Hash(2)});
  ASSERT_EQ(disputed.exit_code, 0) << disputed.err;
  EXPECT_EQ(Lists({"export", "--bank", "hot"}).out,
            absl::StrCat("# signal_type: pdq\n", Hash(1), "\n", Hash(3), "\n"));

  const nlohmann::json entry = Show({Hash(2)});
  EXPECT_EQ(entry["status"], "disputed");
  EXPECT_EQ(entry["status_reason"], "stock photo");
  EXPECT_EQ(entry["added_by"], "ann");
  const nlohmann::json bank = Show();
  EXPECT_EQ(bank["entries"], 3);
  EXPECT_EQ(bank["disputed"], 1);
  ASSERT_FALSE(bank["changes"].empty());
  EXPECT_EQ(bank["changes"][0]["action"], "dispute_entry");
  EXPECT_EQ(bank["changes"][0]["actor"], "bob");

  const int64_t id = entry["entry_id"];
  ASSERT_EQ(Lists({"confirm", "--bank", "hot", "--entry-id", absl::StrCat(id)}).exit_code, 0);
  EXPECT_EQ(Show({"--entry-id", absl::StrCat(id)})["status"], "confirmed");
  EXPECT_EQ(Lists({"export", "--bank", "hot"}).out,
            absl::StrCat("# signal_type: pdq\n", Hash(1), "\n", Hash(2), "\n", Hash(3), "\n"));
}

TEST_F(ListsReviewCliTest, CreateAndSetChangeSettings) {
  const auto created = Lists({"create", "--bank", "stock", "--kind", "allow", "--distance", "12",
                              "--labels", "stock,vendor-x"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const nlohmann::json bank = nlohmann::json::parse(created.out);
  EXPECT_EQ(bank["kind"], "allow");
  EXPECT_EQ(bank["match_distance"], 12);
  EXPECT_EQ(bank["labels"], nlohmann::json({"stock", "vendor-x"}));
  EXPECT_EQ(bank["entries"], 0);

  ASSERT_EQ(Lists({"set", "--bank", "hot", "--min-quality", "70", "--flood-files", "5",
                   "--flood-window", "3600"})
                .exit_code,
            0);
  const nlohmann::json hot = Show();
  EXPECT_EQ(hot["min_quality"], 70);
  EXPECT_EQ(hot["flood_files"], 5);
  EXPECT_EQ(hot["flood_window_seconds"], 3600);
  EXPECT_EQ(hot["match_distance"], 31);  // unchanged
  EXPECT_EQ(hot["changes"][0]["action"], "update_bank");
}

TEST_F(ListsReviewCliTest, BadInputIsNamedAndTheRestIsDone) {
  // One unknown hash among good ones: the good one is disputed, exit 1.
  const auto partly = Lists({"dispute", "--bank", "hot", "--reason", "x", Hash(9), Hash(1)});
  EXPECT_EQ(partly.exit_code, 1);
  EXPECT_NE(partly.err.find(Hash(9)), std::string::npos) << partly.err;
  EXPECT_EQ(Show({Hash(1)})["status"], "disputed");

  const auto bad_hash = Lists({"dispute", "--bank", "hot", "--reason", "x", "xyz"});
  EXPECT_EQ(bad_hash.exit_code, 1);
  EXPECT_NE(bad_hash.err.find("xyz"), std::string::npos) << bad_hash.err;
  EXPECT_EQ(Lists({"dispute", "--bank", "hot", Hash(1)}).exit_code, 2);  // --reason missing
  EXPECT_EQ(Lists({"confirm", "--bank", "hot"}).exit_code, 2);           // nothing to confirm
  EXPECT_EQ(Lists({"confirm", "--bank", "nope", Hash(1)}).exit_code, 1);
  const auto bad_setting = Lists({"set", "--bank", "hot", "--distance", "300"});
  EXPECT_EQ(bad_setting.exit_code, 1);
  EXPECT_NE(bad_setting.err.find("300"), std::string::npos);
  EXPECT_EQ(Lists({"create", "--bank", "hot"}).exit_code, 1);  // exists
  EXPECT_EQ(Lists({"show", "--bank", "hot", "--entry-id", "999"}).exit_code, 1);
}

}  // namespace
}  // namespace clearhost
