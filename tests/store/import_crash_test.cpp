// A process killed (SIGKILL) in the middle of an import leaves the bank at the old or the new
// entry set, never a mixture: the import is one transaction and SQLite's WAL discards the
// frames of a transaction that never committed.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include "store/bank_store.h"
#include "store_test_util.h"
#include "support/test_support.h"

namespace clearhost::store {
namespace {

using clearhost::testing::ScratchDir;
using testing::HexSet;
using testing::LiveHexSet;
using testing::RandomPdqSignals;

constexpr size_t kNewEntries = 40'000;

// What the child does after telling the parent it is `signal_at` entries into the import.
enum class AfterSignal { kWaitToBeKilled, kCarryOn };

// Forks a child that imports `signals` into bank "b" (replace mode) and writes one byte to a pipe
// after `signal_at` entries; kills it with SIGKILL when `before_kill` returns, after that byte.
void ImportAndKill(const std::filesystem::path& path, const std::vector<lists::Signal>& signals,
                   size_t signal_at, AfterSignal after, const std::function<void()>& before_kill) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    // A small page cache, so that the import spills uncommitted pages into the WAL.
    Result<BankStore> store = BankStore::Open(path, SqliteOptions{.cache_kib = 256});
    if (!store.ok()) _exit(2);
    size_t sent = 0;
    const EntrySource source = [&](const EntrySink& sink) -> Status {
      for (const lists::Signal& signal : signals) {
        if (sent++ == signal_at) {
          if (write(pipe_fds[1], "x", 1) != 1) _exit(3);
          while (after == AfterSignal::kWaitToBeKilled) pause();
        }
        CLEARHOST_RETURN_IF_ERROR(sink(signal));
      }
      return Status();
    };
    _exit(store->ImportEntries("b", source, "child", ImportMode::kReplace).ok() ? 0 : 4);
  }
  close(pipe_fds[1]);
  char byte = 0;
  ASSERT_EQ(read(pipe_fds[0], &byte, 1), 1) << "the child died before the import began";
  close(pipe_fds[0]);
  before_kill();
  kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  // Killed, or finished cleanly before the signal came; any other end is a failure.
  ASSERT_TRUE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ||
              (WIFEXITED(status) && WEXITSTATUS(status) == 0))
      << "child status " << status;
}

class ImportCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<BankStore> store = BankStore::Open(path_);
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE(store->CreateBank({.name = "b"}, "test").ok());
    ASSERT_TRUE(
        store->ImportEntries("b", testing::SourceOf(old_), "test", ImportMode::kMerge).ok());
    // The store closes here: no connection crosses fork().
  }

  // The bank's live entries after reopening: exactly old_ or exactly new_.
  void ExpectOldOrNew(bool* is_new) {
    Result<BankStore> store = BankStore::Open(path_);
    ASSERT_TRUE(store.ok()) << store.status();
    const std::set<std::string> live = LiveHexSet(*store, "b");
    const bool old_set = live == HexSet(old_);
    const bool new_set = live == HexSet(new_);
    EXPECT_TRUE(old_set || new_set) << live.size() << " live entries: a mixture";
    *is_new = new_set;
  }

  ScratchDir dir_;
  std::filesystem::path path_ = dir_.path() / "store.db";
  std::vector<lists::Signal> old_ = RandomPdqSignals(2000, 1);
  // Shares half of old_, so a replace both adds and removes.
  std::vector<lists::Signal> new_ = [this] {
    std::vector<lists::Signal> signals(old_.begin(), old_.begin() + 1000);
    const std::vector<lists::Signal> fresh = RandomPdqSignals(kNewEntries, 2);
    signals.insert(signals.end(), fresh.begin(), fresh.end());
    return signals;
  }();
};

TEST_F(ImportCrashTest, KilledWhileStagingLeavesTheOldEntries) {
  ImportAndKill(path_, new_, new_.size() / 2, AfterSignal::kWaitToBeKilled, [] {});
  bool is_new = true;
  ExpectOldOrNew(&is_new);
  EXPECT_FALSE(is_new);
}

TEST_F(ImportCrashTest, KilledWhileMergingLeavesTheOldEntries) {
  // Kill once the merge into bank_entries has spilled uncommitted pages into the WAL, well
  // before the commit (the whole merge writes several times as much).
  const std::filesystem::path wal = path_.string() + "-wal";
  bool spilled = false;
  ImportAndKill(path_, new_, new_.size() - 1, AfterSignal::kCarryOn, [&] {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    std::error_code error;
    while (!spilled && std::chrono::steady_clock::now() < deadline) {
      spilled = std::filesystem::file_size(wal, error) > 1'000'000 && !error;
    }
  });
  ASSERT_TRUE(spilled) << "the import never wrote to the WAL";
  bool is_new = true;
  ExpectOldOrNew(&is_new);
  EXPECT_FALSE(is_new);
}

TEST_F(ImportCrashTest, KilledAtAnyMomentLeavesOldOrNew) {
  // Kills at several points after staging: while indexing, merging, or committing.
  for (const int delay_ms : {0, 20, 50, 100, 200, 400}) {
    SCOPED_TRACE(delay_ms);
    ImportAndKill(path_, new_, new_.size() - 1, AfterSignal::kCarryOn,
                  [&] { std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms)); });
    bool is_new = false;
    ExpectOldOrNew(&is_new);
    if (is_new) return;  // committed: later kills would only test the idempotent re-import
  }
}

TEST_F(ImportCrashTest, ImportAfterACrashCompletes) {
  ImportAndKill(path_, new_, new_.size() / 2, AfterSignal::kWaitToBeKilled, [] {});
  Result<BankStore> store = BankStore::Open(path_);
  ASSERT_TRUE(store.ok()) << store.status();
  Result<ImportSummary> summary =
      store->ImportEntries("b", testing::SourceOf(new_), "retry", ImportMode::kReplace);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(*summary, (ImportSummary{.added = kNewEntries, .unchanged = 1000, .removed = 1000}));
  EXPECT_EQ(LiveHexSet(*store, "b"), HexSet(new_));
}

}  // namespace
}  // namespace clearhost::store
