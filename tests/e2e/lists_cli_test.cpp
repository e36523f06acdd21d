// Drives `clearhost lists` end to end on a real SQLite store: import (rejected lines, idempotent
// re-import, replace), export round trips, ls, enable/disable, rm and bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/hash256.h"
#include "support/test_support.h"

namespace clearhost {
namespace {

using testing::WriteText;

namespace fs = std::filesystem;
using testing::RunClearhost;
using testing::ScratchDir;
using testing::WriteFile;

// `count` random PDQ hashes, one per line, sorted (the export order).
std::string SortedPdqList(int count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> lines;
  for (int k = 0; k < count; ++k) {
    Hash256 hash;
    for (auto& word : hash.words()) word = rng();
    lines.push_back(hash.ToHex());
  }
  std::sort(lines.begin(), lines.end());
  return absl::StrCat(absl::StrJoin(lines, "\n"), "\n");
}

// A plain export: the list under its signal-type header (docs/formats.md).
std::string PlainExport(const std::string& list) {
  return absl::StrCat("# signal_type: pdq\n", list);
}

TEST(ListsCliTest, ImportIsIdempotentAndExportsBackByteIdentical) {
  ScratchDir dir;
  const std::string db = "sqlite:" + (dir.path() / "store.db").string();
  const std::string text = SortedPdqList(300, 1);
  WriteText(dir.path() / "list.txt", text);
  const std::string list = (dir.path() / "list.txt").string();
  const auto first = RunClearhost({"lists", "import", "--db", db, "--bank", "hotline", list});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("300 added, 0 unchanged"), std::string::npos) << first.err;
  const auto again = RunClearhost({"lists", "import", "--db", db, "--bank", "hotline", list});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("0 added, 300 unchanged"), std::string::npos) << again.err;

  const auto plain = RunClearhost({"lists", "export", "--db", db, "--bank", "hotline"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out, PlainExport(text));
  const auto te =
      RunClearhost({"lists", "export", "--db", db, "--bank", "hotline", "--format", "te"});
  ASSERT_EQ(te.exit_code, 0) << te.err;
  WriteText(dir.path() / "list.te", te.out);
  ASSERT_EQ(RunClearhost({"lists", "import", "--db", db, "--bank", "copy", "--format", "te",
                          (dir.path() / "list.te").string()})
                .exit_code,
            0);
  EXPECT_EQ(RunClearhost({"lists", "export", "--db", db, "--bank", "copy"}).out, PlainExport(text));
  // The plain export (with its header) imports back to the same bank contents.
  WriteText(dir.path() / "exported.txt", plain.out);
  const auto reimported = RunClearhost(
      {"lists", "import", "--db", db, "--bank", "hotline", (dir.path() / "exported.txt").string()});
  EXPECT_NE(reimported.err.find("0 added, 300 unchanged"), std::string::npos) << reimported.err;
}

TEST(ListsCliTest, RejectedLinesAreNumberedAndTheRestImported) {
  ScratchDir dir;
  const std::string db = "sqlite:" + (dir.path() / "store.db").string();
  const std::string good = SortedPdqList(2, 2);
  WriteText(dir.path() / "list.txt", absl::StrCat(good, "nothex\n", "d41d8cd98f00b204\n"));
  const std::string list = (dir.path() / "list.txt").string();
  const auto imported = RunClearhost({"lists", "import", "--db", db, "--bank", "b", list});
  EXPECT_EQ(imported.exit_code, 1);
  EXPECT_NE(imported.err.find(list + ":3: "), std::string::npos) << imported.err;
  EXPECT_NE(imported.err.find(list + ":4: "), std::string::npos) << imported.err;
  EXPECT_NE(imported.err.find("2 added"), std::string::npos) << imported.err;
  EXPECT_EQ(RunClearhost({"lists", "export", "--db", db, "--bank", "b"}).out, PlainExport(good));
}

TEST(ListsCliTest, ReplaceLsEnableDisableAndRemove) {
  ScratchDir dir;
  const std::string db = "sqlite:" + (dir.path() / "store.db").string();
  WriteText(dir.path() / "v1.txt", SortedPdqList(10, 3));
  const std::string v2 = SortedPdqList(4, 4);
  WriteText(dir.path() / "v2.txt", v2);
  ASSERT_EQ(RunClearhost({"lists", "import", "--db", db, "--bank", "b", "--kind", "allow",
                          (dir.path() / "v1.txt").string()})
                .exit_code,
            0);
  const auto replaced = RunClearhost({"lists", "import", "--db", db, "--bank", "b", "--replace",
                                      (dir.path() / "v2.txt").string()});
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_NE(replaced.err.find("4 added, 0 unchanged, 10 removed"), std::string::npos)
      << replaced.err;
  EXPECT_EQ(RunClearhost({"lists", "export", "--db", db, "--bank", "b"}).out, PlainExport(v2));

  ASSERT_EQ(RunClearhost({"lists", "disable", "--db", db, "--bank", "b"}).exit_code, 0);
  const auto listed = RunClearhost({"lists", "ls", "--db", db});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const auto bank = nlohmann::json::parse(listed.out);
  EXPECT_EQ(bank["bank"], "b");
  EXPECT_EQ(bank["kind"], "allow");
  EXPECT_EQ(bank["enabled"], false);
  EXPECT_EQ(bank["entries"], 4);
  ASSERT_EQ(RunClearhost({"lists", "rm", "--db", db, "--bank", "b"}).exit_code, 0);
  EXPECT_EQ(RunClearhost({"lists", "ls", "--db", db}).out, "");
}

TEST(ListsCliTest, BadInputIsNamedAndChangesNothing) {
  ScratchDir dir;
  const std::string db = "sqlite:" + (dir.path() / "store.db").string();
  WriteText(dir.path() / "list.txt", SortedPdqList(3, 5));
  const std::string list = (dir.path() / "list.txt").string();
  // A CSV without its header is refused whole, and the new bank is not left behind.
  const auto refused =
      RunClearhost({"lists", "import", "--db", db, "--bank", "b", "--format", "csv", list});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find(list), std::string::npos) << refused.err;
  EXPECT_EQ(RunClearhost({"lists", "ls", "--db", db}).out, "");
  const auto missing = RunClearhost(
      {"lists", "import", "--db", db, "--bank", "b", (dir.path() / "absent.txt").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("absent.txt"), std::string::npos) << missing.err;
  EXPECT_EQ(RunClearhost({"lists", "rm", "--db", db, "--bank", "nope"}).exit_code, 1);
  EXPECT_EQ(RunClearhost({"lists", "ls", "--db", "mysql://x"}).exit_code, 1);
  EXPECT_EQ(RunClearhost({"lists", "import", "--db", db, list}).exit_code, 2);
  EXPECT_EQ(RunClearhost({"lists", "import", "--db", db, "--bank", "b", "--format", "xml", list})
                .exit_code,
            2);
  WriteText(dir.path() / "not-a-db", "this is not a database, just text\n");
  const auto corrupt =
      RunClearhost({"lists", "ls", "--db", "sqlite:" + (dir.path() / "not-a-db").string()});
  EXPECT_EQ(corrupt.exit_code, 1);
  EXPECT_NE(corrupt.err.find("not-a-db"), std::string::npos) << corrupt.err;
}

}  // namespace
}  // namespace clearhost
