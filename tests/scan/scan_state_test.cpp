// ScanState: kept hashes come back for the path, an unfinished run is resumed only with the
// same configuration, hashing options that change drop what was kept, and a finished run
// forgets the files under its roots that it did not see.
#include "scan/scan_state.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace clearhost::scan {
namespace {

ScannedItem Picture(const std::string& path) {
  ScannedItem item;
  item.path = path;
  item.kind = ContentKind::kImage;
  item.bytes = 1234;
  item.digests =
      hash::FileDigests{std::string(32, 'a'), std::string(40, 'b'), std::string(64, 'c')};
  item.pdq = hash::PdqHash{Hash256::FromHex(std::string(64, 'f')).value(), 87};
  return item;
}

TEST(ScanState, KeepsHashesAndResumesOnlyTheSameUnfinishedRun) {
  testing::ScratchDir dir;
  FileIdentity identity{1, 2, 1234, 99};
  {
    auto state = ScanState::Open(dir.path() / "state", "hashing-a").value();
    const ScanRun run = state.BeginRun("config-1", false).value();
    EXPECT_FALSE(run.resumed);
    ScannedItem broken;
    broken.path = "/t/b.jpg";
    broken.error = absl::DataLossError("truncated");
    ASSERT_TRUE(state.Record("/t/a.jpg", identity, {Picture("/t/a.jpg")}, {}).ok());
    ASSERT_TRUE(
        state.Record("/t/b.jpg", identity, {broken}, {{0, "/t/a.jpg", "quarantine", "{}"}}).ok());
    ASSERT_TRUE(state.Checkpoint(321, R"({"files":2})").ok());
    ASSERT_TRUE(state.Record("/t/c.jpg", identity, {Picture("/t/c.jpg")}, {}).ok());
    // No checkpoint: c.jpg is lost with the "crash".
  }
  auto state = ScanState::Open(dir.path() / "state", "hashing-a").value();
  const ScanRun resumed = state.BeginRun("config-1", false).value();
  EXPECT_TRUE(resumed.resumed);
  EXPECT_EQ(resumed.output_bytes, 321u);
  EXPECT_EQ(resumed.counts, R"({"files":2})");
  const auto a = state.Lookup("/t/a.jpg").value();
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->run_id, resumed.id);
  EXPECT_TRUE(a->reusable);
  EXPECT_EQ(a->identity, identity);
  ASSERT_EQ(a->items.size(), 1u);
  EXPECT_EQ(a->items[0].pdq->hash, Picture("").pdq->hash);
  EXPECT_EQ(a->items[0].pdq->quality, 87);
  EXPECT_EQ(a->items[0].digests->sha256, std::string(64, 'c'));
  const auto b = state.Lookup("/t/b.jpg").value();
  EXPECT_FALSE(b->reusable);
  EXPECT_TRUE(absl::IsDataLoss(b->items[0].error));
  EXPECT_FALSE(state.Lookup("/t/c.jpg").value().has_value());
  const auto pending = state.PendingActions().value();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].action, "quarantine");
  ASSERT_TRUE(state.ActionDone(pending[0].id).ok());
  EXPECT_TRUE(state.PendingActions().value().empty());

  ASSERT_TRUE(state.FinishRun({"/t"}).ok());
  EXPECT_FALSE(state.BeginRun("config-1", false).value().resumed);  // finished: a new run
}

TEST(ScanState, AnotherConfigOrRestartStartsANewRunAndOtherHashingDropsKeptHashes) {
  testing::ScratchDir dir;
  {
    auto state = ScanState::Open(dir.path(), "hashing-a").value();
    ASSERT_TRUE(state.BeginRun("config-1", false).ok());
    ASSERT_TRUE(state.Record("/t/a.jpg", {}, {Picture("/t/a.jpg")}, {}).ok());
    ASSERT_TRUE(state.Checkpoint(0, "{}").ok());
  }
  {
    auto state = ScanState::Open(dir.path(), "hashing-a").value();
    EXPECT_FALSE(state.BeginRun("config-2", false).value().resumed);
    EXPECT_FALSE(state.BeginRun("config-2", true).value().resumed);
    EXPECT_TRUE(state.Lookup("/t/a.jpg").value().has_value());
  }
  auto state = ScanState::Open(dir.path(), "hashing-b").value();
  EXPECT_FALSE(state.Lookup("/t/a.jpg").value().has_value());
}

TEST(ScanState, FinishedRunForgetsUnseenFilesUnderItsRootsOnly) {
  testing::ScratchDir dir;
  auto state = ScanState::Open(dir.path(), "h").value();
  ASSERT_TRUE(state.BeginRun("c", false).ok());
  for (const char* path : {"/t/old.jpg", "/t/sub/old.jpg", "/u/other.jpg", "/t0/sibling.jpg"}) {
    ASSERT_TRUE(state.Record(path, {}, {Picture(path)}, {}).ok());
  }
  ASSERT_TRUE(state.Checkpoint(0, "{}").ok());
  ASSERT_TRUE(state.FinishRun({"/x"}).ok());
  ASSERT_TRUE(state.BeginRun("c", false).ok());
  ASSERT_TRUE(state.Record("/t/new.jpg", {}, {Picture("/t/new.jpg")}, {}).ok());
  ASSERT_TRUE(state.FinishRun({"/t/"}).ok());
  EXPECT_FALSE(state.Lookup("/t/old.jpg").value().has_value());
  EXPECT_FALSE(state.Lookup("/t/sub/old.jpg").value().has_value());
  EXPECT_TRUE(state.Lookup("/t/new.jpg").value().has_value());
  EXPECT_TRUE(state.Lookup("/u/other.jpg").value().has_value());
  EXPECT_TRUE(state.Lookup("/t0/sibling.jpg").value().has_value());
}

TEST(ScanState, RefusesADirectoryThatCannotBeCreated) {
  testing::ScratchDir dir;
  testing::WriteFile(dir.path() / "file", {1});
  const auto state = ScanState::Open(dir.path() / "file" / "state", "h");
  EXPECT_FALSE(state.ok());
  EXPECT_NE(state.status().message().find("file"), std::string_view::npos);
}

}  // namespace
}  // namespace clearhost::scan
