// The scanner's state directory (`--state DIR`): a SQLite database that makes scans incremental
// and resumable.
//   - Incremental: every file's hashes are kept with its identity (device, inode, size, mtime).
//     A later scan finds an unchanged file here and matches the kept hashes again (the lists may
//     have changed) without reading or decoding it. Hashing options are part of the state: when
//     they change, the kept hashes are dropped.
//   - Resumable: a run records each file it finished, with the byte length of its report file,
//     in checkpoints (one transaction each). A run that did not finish (killed, crashed, machine
//     rebooted) is resumed by the next scan with the same configuration: files it already
//     reported are skipped, and the report file is cut back to the last checkpoint, so every
//     result is reported exactly once.
//   - Pending actions (a quarantine move) are recorded in the same transaction as the file's
//     results and done after the checkpoint; a resumed run finishes what is left.
// docs/formats.md ("Scan state") has the schema.
// Thread-safety: a ScanState is used by one thread at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "scan/file_scanner.h"
#include "scan/tree_walker.h"
#include "store/sqlite_database.h"

namespace clearhost::scan {

// A file's entry in the state.
struct KeptFile {
  FileIdentity identity{};
  int64_t run_id = 0;     // the run that last scanned it
  bool reusable = false;  // every item hashed without error: the hashes can stand in for the file
  std::vector<ScannedItem> items;
};

// An action to do on a file once its results are checkpointed.
struct PendingAction {
  int64_t id = 0;
  std::string path;
  std::string action;   // e.g. "quarantine"
  std::string payload;  // what the action needs (JSON)
};

struct ScanRun {
  int64_t id = 0;
  bool resumed = false;
  uint64_t output_bytes = 0;  // report bytes checkpointed so far (resumed runs)
  std::string counts;         // the counts checkpointed so far (JSON; empty when new)
};

class ScanState {
 public:
  // Opens (creating them) DIR and DIR/scan-state.db. `hashing` describes the hashing options:
  // kept hashes made with other options are dropped.
  static Result<ScanState> Open(const std::filesystem::path& directory, const std::string& hashing);

  // Resumes the last run when it did not finish and had this `config` (and `restart` is false),
  // else starts a new one.
  Result<ScanRun> BeginRun(const std::string& config, bool restart);

  Result<std::optional<KeptFile>> Lookup(const std::string& path);

  // Records what the current run found for `path` (in the open checkpoint), with actions to do
  // after the checkpoint.
  Status Record(const std::string& path, const FileIdentity& identity,
                const std::vector<ScannedItem>& items, const std::vector<PendingAction>& actions);

  // Commits everything recorded since the last checkpoint together with the report's length and
  // the counts so far.
  Status Checkpoint(uint64_t output_bytes, const std::string& counts);

  // Actions recorded and checkpointed but not yet marked done.
  Result<std::vector<PendingAction>> PendingActions();
  Status ActionDone(int64_t id);
  // Replaces a pending action's payload (e.g. its attempts so far).
  Status UpdateAction(int64_t id, const std::string& payload);

  // Marks the run finished and forgets files under `roots` that this run did not see (deleted
  // since): the state does not grow with files long gone.
  Status FinishRun(const std::vector<std::string>& roots);

  int64_t run_id() const { return run_id_; }

 private:
  explicit ScanState(store::SqliteDatabase database) : database_(std::move(database)) {}
  Status EnsureTransaction();
  // The statement in `slot`, prepared from `sql` on first use, reset for a new run.
  Result<store::SqliteStatement*> Cached(std::optional<store::SqliteStatement>& slot,
                                         std::string_view sql);

  store::SqliteDatabase database_;
  std::optional<store::SqliteTransaction> transaction_;
  std::optional<store::SqliteStatement> lookup_;  // prepared once: they run per file
  std::optional<store::SqliteStatement> upsert_;
  int64_t run_id_ = 0;
};

}  // namespace clearhost::scan
