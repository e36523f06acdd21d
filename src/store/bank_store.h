// Banks (hash lists) in the store: their settings, their entries with history (which change
// added or removed each, who made it and when), imports, feedback on entries (dispute, confirm),
// the flood guard's record of hits, and the changes an index follows. The schema is in
// store/migrations.h and docs/formats.md ("Store schema").
//
// Every change writes one audit_log row in the same transaction as the change itself; its id is
// the change's number, entries point to the change that added, removed or re-rated them, and
// an index built at StoreVersion V catches up with EntryChanges(V).
// An import is one transaction: it becomes visible whole when it commits, and an error (from
// the database or the entry source) or a crash (kill -9, power loss) leaves the bank as it was.
// It is idempotent: importing entries the bank already holds live changes nothing. The source is
// read first, sorted in bounded memory (store/sorted_signals.h, spilling to temporary files),
// then merged into the bank in key order, so every b-tree is written in order and memory stays
// bounded by the sort's run size plus SQLite's page cache (SqliteOptions::cache_kib), not by the
// import's size.
// Entry ids are SQLite row ids: 64-bit, never reused, and the ids an index built from
// LiveEntries() carries, so a match leads back to its entry.
// Thread-safety: a BankStore is used by one thread at a time (open one per thread); several
// stores, in one process or several, may share a database file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "lists/signal_type.h"
#include "store/sqlite_database.h"

namespace clearhost::store {

// Block banks hold known material; allow banks hold known-good hashes that suppress a match.
enum class BankKind { kBlock, kAllow };
// "block" or "allow", as stored.
std::string_view BankKindName(BankKind kind);

// What a bank's owner chooses. Names are 1 to 128 characters from [A-Za-z0-9._-]; labels are
// non-empty and contain no comma (they are stored comma-separated).
struct BankSettings {
  std::string name;
  BankKind kind = BankKind::kBlock;
  std::string source{};               // where the list comes from, free text
  std::vector<std::string> labels{};  // categories, e.g. {"csam", "hotline-x"}
  bool enabled = true;
  int match_distance = 31;  // PDQ: largest Hamming distance that is a match, 0..256
  int min_quality = 50;     // PDQ: queries below this quality are reported, not acted on
  // Flood guard: an entry that matched more than flood_files distinct files within the last
  // flood_window_seconds has its matches held for review (0: no guard). Confirmed entries are
  // exempt.
  int flood_files = 50;
  int64_t flood_window_seconds = 86400;

  friend bool operator==(const BankSettings&, const BankSettings&) = default;
};

struct Bank {
  int64_t id = 0;
  BankSettings settings{};
  int64_t created_at = 0;       // Unix microseconds, UTC
  int64_t updated_at = 0;       // settings or entries last changed
  int64_t current_entries = 0;  // not removed (disputed ones included)
  int64_t disputed_entries = 0;
  int64_t confirmed_entries = 0;
  int64_t removed_entries = 0;  // history: entries removed by imports

  friend bool operator==(const Bank&, const Bank&) = default;
};

enum class ImportMode {
  kMerge,    // add the entries the bank lacks; keep the others
  kReplace,  // also mark removed every live entry not in the import
};

struct ImportSummary {
  int64_t added = 0;      // new live entries
  int64_t unchanged = 0;  // entries the bank already held live (or repeated in the import)
  int64_t removed = 0;    // live entries not in the import (kReplace only)

  friend bool operator==(const ImportSummary&, const ImportSummary&) = default;
};

// Receives one entry of an import; a non-OK Status is a database error, to be returned.
using EntrySink = std::function<Status(const lists::Signal& signal)>;
// Produces an import's entries by calling the sink for each, in any number. Its non-OK Status
// (its own or the sink's) aborts the import. E.g. wraps lists::ReadPlainListFile.
using EntrySource = std::function<Status(const EntrySink& sink)>;

// A live entry: not removed, not disputed.
struct LiveEntry {
  int64_t id = 0;
  int64_t bank_id = 0;
  lists::Signal signal{};
};

// Feedback on an entry. Disputed entries do not match until confirmed (or set active again).
enum class EntryStatus { kActive, kDisputed, kConfirmed };
// "active", "disputed" or "confirmed", as stored.
std::string_view EntryStatusName(EntryStatus status);
std::optional<EntryStatus> ParseEntryStatusName(std::string_view name);

// One entry as it is now: in its bank, or removed (history).
struct EntryRecord {
  int64_t id = 0;
  int64_t bank_id = 0;
  std::string bank{};
  lists::Signal signal{};
  EntryStatus status = EntryStatus::kActive;
  std::optional<std::string> status_reason{};
  int64_t added_at = 0;
  std::string added_by{};
  std::optional<int64_t> removed_at{};
  std::optional<std::string> removed_by{};
};

// One audit_log row.
struct AuditRecord {
  int64_t id = 0;
  int64_t at = 0;
  std::string actor{};
  std::string action{};
  std::string bank{};
  std::string detail{};
};

// What EntryChanges reports for an entry that may have changed: its state now.
struct EntryChange {
  int64_t id = 0;
  int64_t bank_id = 0;
  lists::Signal signal{};
  bool live = false;  // matchable now: in an enabled bank, not removed, not disputed
};

// Where the store stands, and so an index built from it: the latest change (audit_log id) and
// the latest entry id it includes. Entry ids only grow, so the entries added after a version
// are exactly those with larger ids.
struct StoreVersion {
  int64_t change = 0;
  int64_t entry = 0;
  friend bool operator==(const StoreVersion&, const StoreVersion&) = default;
};

// The outcome of EntryChanges: the version it caught up to, or that a full rebuild (from
// LiveEntries) is needed because a bank was removed.
struct EntryChangesResult {
  StoreVersion latest{};
  bool rebuild = false;
};

class BankStore {
 public:
  // Opens (creating if absent) the SQLite database at `path` and brings its schema up to date
  // (see MigrateToLatest).
  static Result<BankStore> Open(const std::filesystem::path& path,
                                const SqliteOptions& options = {},
                                MicrosClock clock = SystemClockMicros);

  // AlreadyExists when the name is taken; InvalidArgument for bad settings.
  Result<Bank> CreateBank(const BankSettings& settings, std::string_view actor);
  // NotFound for an unknown name.
  Result<Bank> GetBank(std::string_view name);
  // Every bank, by name.
  Result<std::vector<Bank>> ListBanks();
  // Deletes the bank and all its entries (history included). NotFound for an unknown name.
  Status RemoveBank(std::string_view name, std::string_view actor);
  Status SetEnabled(std::string_view name, bool enabled, std::string_view actor);
  // Replaces the settings of the bank named settings.name (NotFound when there is none;
  // InvalidArgument for bad settings).
  Status UpdateBankSettings(const BankSettings& settings, std::string_view actor);

  // Imports what `source` produces into bank `name`, in one transaction (see the top).
  Result<ImportSummary> ImportEntries(std::string_view name, const EntrySource& source,
                                      std::string_view actor, ImportMode mode);

  // Sets the feedback of bank `name`'s entry `signal` (a live one), audited with `reason`.
  // NotFound when the bank has no such live entry.
  Status SetEntryStatus(std::string_view name, const lists::Signal& signal, EntryStatus status,
                        std::string_view reason, std::string_view actor);
  // The same for the entry with id `entry_id`.
  Status SetEntryStatusById(int64_t entry_id, EntryStatus status, std::string_view reason,
                            std::string_view actor);

  // The entry with id `entry_id`, live or removed; nullopt when there is none.
  Result<std::optional<EntryRecord>> GetEntry(int64_t entry_id);
  // Bank `name`'s entries (live and removed) holding `signal`, oldest first.
  Result<std::vector<EntryRecord>> FindEntries(std::string_view name, const lists::Signal& signal);

  // The audit log, newest first: at most `limit` rows, of bank `name` only when given.
  Result<std::vector<AuditRecord>> AuditLog(std::optional<std::string_view> name, int64_t limit);

  // The latest change (the largest audit_log id) and entry id; zeros for a new store.
  Result<StoreVersion> LatestVersion();

  // Calls `on_entry` for every live entry of bank `name` (sorted by signal type name, then
  // signal) or, for nullopt, of every enabled bank (in no particular order), from one snapshot,
  // and returns the version it shows (for EntryChanges). An error from `on_entry` stops the walk
  // and is returned. A stored signal of the wrong length is DataLoss naming the entry (the database
  // was edited by hand).
  Result<StoreVersion> LiveEntries(std::optional<std::string_view> name,
                                   const std::function<Status(const LiveEntry& entry)>& on_entry);

  // Catches an index built at version `after` up: calls `on_change` with the current state of
  // every entry that may have changed since (added, removed, disputed, confirmed, its bank
  // enabled or disabled), possibly more than once, from one consistent snapshot. When a bank
  // was removed since, nothing is reported and `rebuild` is set.
  Result<EntryChangesResult> EntryChanges(
      StoreVersion after, const std::function<Status(const EntryChange& change)>& on_change);

  // Flood guard: records that entry `entry_id` matched the file `file_key` (e.g. its SHA-256)
  // at `at`, forgets its hits older than `window_micros`, and returns how many distinct files it
  // matched within the window (this one included).
  Result<int64_t> RecordEntryHit(int64_t entry_id, std::string_view file_key, int64_t at,
                                 int64_t window_micros);

 private:
  BankStore(SqliteDatabase database, MicrosClock clock)
      : database_(std::move(database)), clock_(std::move(clock)) {}

  Result<int64_t> BankId(std::string_view name);
  // Writes an audit_log row; returns its id, the change's number.
  Result<int64_t> Audit(std::string_view actor, std::string_view action, std::string_view bank,
                        std::string_view detail, int64_t at);
  Status SetStatusOfRow(int64_t entry_id, std::string_view bank, const lists::Signal& signal,
                        EntryStatus status, std::string_view reason, std::string_view actor);

  SqliteDatabase database_;
  MicrosClock clock_;
};

}  // namespace clearhost::store
