// Banks (hash lists) in the store: their settings, their entries with history (who added or
// removed each and when), imports, and the live entries an index is built from. The schema is
// in store/migrations.h and docs/formats.md ("Store schema").
//
// An import is one transaction: it becomes visible whole when it commits, and an error (from
// the database or the entry source) or a crash (kill -9, power loss) leaves the bank as it was.
// It is idempotent: importing entries the bank already holds live changes nothing. Entries
// stream into a temporary staging table (a temp file) and are merged into the bank in key order,
// so memory stays bounded by SQLite's page cache (SqliteOptions::cache_kib), not by the import's
// size; temporary disk space is proportional to it. Every change is written to the audit log
// in the same transaction as the change itself.
// Entry ids are SQLite row ids: 64-bit, never reused while the row exists, and the ids an index
// built from LiveEntries() carries, so a match leads back to its entry.
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

  friend bool operator==(const BankSettings&, const BankSettings&) = default;
};

struct Bank {
  int64_t id = 0;
  BankSettings settings{};
  int64_t created_at = 0;       // Unix microseconds, UTC
  int64_t updated_at = 0;       // settings or entries last changed
  int64_t current_entries = 0;  // not removed (disputed ones included)

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

// Where timestamps come from: Unix microseconds, UTC. Tests set a fixed clock.
using MicrosClock = std::function<int64_t()>;
int64_t SystemClockMicros();

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

  // Imports what `source` produces into bank `name`, in one transaction (see the top).
  Result<ImportSummary> ImportEntries(std::string_view name, const EntrySource& source,
                                      std::string_view actor, ImportMode mode);

  // Calls `on_entry` for every live entry of bank `name` (nullopt: of every enabled bank), in no
  // particular order. An error from `on_entry` stops the walk and is returned. A signal text
  // that does not parse is DataLoss naming the entry (the database was edited by hand).
  Status LiveEntries(std::optional<std::string_view> name,
                     const std::function<Status(const LiveEntry& entry)>& on_entry);

 private:
  BankStore(SqliteDatabase database, MicrosClock clock)
      : database_(std::move(database)), clock_(std::move(clock)) {}

  Result<int64_t> BankId(std::string_view name);
  Status Audit(std::string_view actor, std::string_view action, std::string_view bank,
               std::string_view detail, int64_t at);

  SqliteDatabase database_;
  MicrosClock clock_;
};

}  // namespace clearhost::store
