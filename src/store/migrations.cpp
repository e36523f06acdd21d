#include "store/migrations.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/clock.h"
#include "store/sqlite_connection.h"

namespace clearhost::store {
namespace {

constexpr std::string_view kSchemaVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER NOT NULL PRIMARY KEY,"
    " applied_at BIGINT NOT NULL,"
    " description TEXT NOT NULL)";

// CHECKs are written with OR, not IN (...): SQLite evaluates an IN list of more than two values
// through a temporary table built anew for every row, which tripled the cost of an insert.
// Version 1: banks, their entries (live ones, and removed ones as history), the audit log that
// every change writes and that entries point to, and the flood guard's record of hits.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE banks (
  id ID_PRIMARY_KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind = 'block' OR kind = 'allow'),
  source TEXT NOT NULL,
  labels TEXT NOT NULL,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  match_distance INTEGER NOT NULL DEFAULT 31 CHECK (match_distance BETWEEN 0 AND 256),
  min_quality INTEGER NOT NULL DEFAULT 50 CHECK (min_quality BETWEEN 0 AND 100),
  flood_files INTEGER NOT NULL DEFAULT 50 CHECK (flood_files >= 0),
  flood_window_seconds BIGINT NOT NULL DEFAULT 86400 CHECK (flood_window_seconds > 0),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE audit_log (
  id ID_PRIMARY_KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  bank TEXT,
  detail TEXT NOT NULL
);
CREATE TABLE bank_entries (
  id ID_NEVER_REUSED,
  bank_id BIGINT NOT NULL REFERENCES banks (id) ON DELETE CASCADE,
  signal_type TEXT NOT NULL
    CHECK (signal_type = 'pdq' OR signal_type = 'md5' OR signal_type = 'sha1' OR signal_type = 'sha256'),
  signal BLOB NOT NULL,
  added_change BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active'
    CHECK (status = 'active' OR status = 'disputed' OR status = 'confirmed'),
  status_change BIGINT,
  status_reason TEXT,
  UNIQUE (bank_id, signal_type, signal)
);
CREATE INDEX bank_entries_status ON bank_entries (status_change) WHERE status_change IS NOT NULL;
CREATE TABLE removed_entries (
  id BIGINT NOT NULL PRIMARY KEY,
  bank_id BIGINT NOT NULL REFERENCES banks (id) ON DELETE CASCADE,
  signal_type TEXT NOT NULL,
  signal BLOB NOT NULL,
  added_change BIGINT NOT NULL,
  removed_change BIGINT NOT NULL,
  status TEXT NOT NULL,
  status_reason TEXT
);
CREATE INDEX removed_entries_bank ON removed_entries (bank_id);
CREATE INDEX removed_entries_removed ON removed_entries (removed_change);
CREATE TABLE entry_hits (
  entry_id BIGINT NOT NULL,
  file_key TEXT NOT NULL,
  first_at BIGINT NOT NULL,
  last_at BIGINT NOT NULL,
  PRIMARY KEY (entry_id, file_key)
);
)sql";

// Version 2: notice-and-takedown cases (src/cases): each case with its URLs, hashes and history;
// the audit log becomes a hash chain (each row carries the SHA-256 of the one before it; rows
// written before version 2 have none and are reported as unchained by `audit verify`); API
// tokens, stored as their SHA-256 only.
constexpr std::string_view kVersion2 = R"sql(
CREATE TABLE cases (
  id ID_NEVER_REUSED,
  intake_key TEXT NOT NULL UNIQUE,
  source_type TEXT NOT NULL CHECK (source_type = 'hotline' OR source_type = 'removal_order'
    OR source_type = 'article16_notice' OR source_type = 'trusted_flagger'
    OR source_type = 'proactive_match' OR source_type = 'law_enforcement'),
  sender TEXT NOT NULL,
  reference TEXT NOT NULL,
  ip TEXT NOT NULL,
  reason TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  member_state TEXT NOT NULL,
  content_kind TEXT NOT NULL,
  automated_detection INTEGER NOT NULL CHECK (automated_detection = 0 OR automated_detection = 1),
  received_at BIGINT NOT NULL,
  order_deadline BIGINT,
  content_date BIGINT,
  state TEXT NOT NULL CHECK (state = 'received' OR state = 'assessing' OR state = 'actioned'
    OR state = 'confirmed_gone' OR state = 'rejected' OR state = 'escalated'),
  action TEXT CHECK (action IS NULL OR action = 'removed' OR action = 'disabled'
    OR action = 'geo_blocked'),
  territorial_scope TEXT NOT NULL DEFAULT '',
  rejection_reason TEXT NOT NULL DEFAULT '',
  automated_decision INTEGER NOT NULL DEFAULT 0,
  opened_at BIGINT NOT NULL,
  deadline BIGINT NOT NULL,
  acknowledged_at BIGINT,
  actioned_at BIGINT,
  closed_at BIGINT,
  reopen_count BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  updated_at BIGINT NOT NULL,
  alerted_at BIGINT
);
CREATE INDEX cases_open_by_deadline ON cases (deadline)
  WHERE state = 'received' OR state = 'assessing' OR state = 'escalated';
CREATE INDEX cases_by_sender ON cases (sender, id);
CREATE INDEX cases_by_received ON cases (received_at);
CREATE TABLE case_urls (
  case_id BIGINT NOT NULL REFERENCES cases (id),
  position INTEGER NOT NULL,
  url TEXT NOT NULL,
  PRIMARY KEY (case_id, position)
);
CREATE INDEX case_urls_by_url ON case_urls (url);
CREATE TABLE case_hashes (
  case_id BIGINT NOT NULL REFERENCES cases (id),
  position INTEGER NOT NULL,
  signal_type TEXT NOT NULL,
  signal TEXT NOT NULL,
  PRIMARY KEY (case_id, position)
);
CREATE TABLE case_events (
  id ID_NEVER_REUSED,
  case_id BIGINT NOT NULL REFERENCES cases (id),
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX case_events_by_case ON case_events (case_id, id);
ALTER TABLE audit_log ADD COLUMN case_id BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN record_hash TEXT;
CREATE TABLE audit_chain_start (last_unchained_id BIGINT NOT NULL);
INSERT INTO audit_chain_start SELECT COALESCE(MAX(id), 0) FROM audit_log;
CREATE TABLE api_tokens (
  id ID_NEVER_REUSED,
  token_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role = 'admin' OR role = 'operator' OR role = 'notifier'
    OR role = 'regulator' OR role = 'auditor'),
  principal TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
)sql";

// Version 3: notices received by e-mail (one row per message, the message's digest making a
// redelivery a duplicate) and the notices sent out for each case (customer, re-notice schedule,
// escalation), so that mail intake and the outbound sender are idempotent across restarts.
constexpr std::string_view kVersion3 = R"sql(
CREATE TABLE notice_messages (
  id ID_PRIMARY_KEY,
  message_sha256 TEXT NOT NULL UNIQUE,
  case_id BIGINT NOT NULL REFERENCES cases (id),
  message_id TEXT NOT NULL,
  format TEXT NOT NULL,
  report_type TEXT NOT NULL,
  child_abuse INTEGER NOT NULL CHECK (child_abuse = 0 OR child_abuse = 1),
  reporter_email TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  decision_sent_at BIGINT
);
CREATE INDEX notice_messages_by_case ON notice_messages (case_id);
CREATE INDEX notice_messages_undecided ON notice_messages (case_id)
  WHERE decision_sent_at IS NULL;
CREATE TABLE case_outbound (
  case_id BIGINT NOT NULL PRIMARY KEY REFERENCES cases (id),
  customer TEXT NOT NULL,
  recipient TEXT NOT NULL,
  language TEXT NOT NULL,
  first_message_id TEXT NOT NULL,
  notices_sent BIGINT NOT NULL DEFAULT 0,
  last_sent_at BIGINT,
  next_due_at BIGINT,
  last_error TEXT NOT NULL DEFAULT '',
  escalated_at BIGINT
);
CREATE INDEX case_outbound_due ON case_outbound (next_due_at) WHERE next_due_at IS NOT NULL;
)sql";

constexpr std::array<Migration, 3> kMigrations = {{
    {1, "banks, bank entries and their history, audit log, flood guard hits", kVersion1},
    {2, "cases with URLs, hashes and events; hash-chained audit log; API tokens", kVersion2},
    {3, "notices received by e-mail; outbound notices, re-notices and escalations", kVersion3},
}};
static_assert(kMigrations.size() == kSchemaVersion, "one migration per version");

// The schema version, creating the (empty) schema_version table if it is absent. Runs inside a
// transaction, and takes kMigrationLock first: PostgreSQL sessions running CREATE TABLE IF NOT
// EXISTS at once can both try to create the table, and one then fails on the catalog.
Result<int> LockedSchemaVersion(SqlConnection& database) {
  CLEARHOST_RETURN_IF_ERROR(database.LockSequence(kMigrationLock));
  CLEARHOST_RETURN_IF_ERROR(database.ExecuteScript(kSchemaVersionTable));
  CLEARHOST_ASSIGN_OR_RETURN(
      const SqlRows rows, database.Query("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
  if (rows.size() != 1) return absl::InternalError("SELECT MAX(version) returned no row");
  return static_cast<int>(rows[0].Int(0));
}

Status Apply(SqlConnection& database, const Migration& migration) {
  CLEARHOST_ASSIGN_OR_RETURN(SqlTransaction transaction, SqlTransaction::Begin(database));
  // Another process may have migrated while this one waited for the lock.
  CLEARHOST_ASSIGN_OR_RETURN(const int version, LockedSchemaVersion(database));
  if (version >= migration.version) return Status();
  CLEARHOST_RETURN_IF_ERROR(database.ExecuteScript(MigrationSql(migration, database.dialect())));
  const SqlValue record[] = {int64_t{migration.version}, SystemClockMicros(),
                             std::string(migration.description)};
  CLEARHOST_RETURN_IF_ERROR(
      database
          .Query("INSERT INTO schema_version (version, applied_at, description) VALUES (?, ?, ?)",
                 record)
          .status());
  return transaction.Commit();
}

}  // namespace

std::span<const Migration> Migrations() {
  return kMigrations;
}

std::string MigrationSql(const Migration& migration, SqlDialect dialect) {
  const char* id_column = dialect == SqlDialect::kSqlite
                              ? "INTEGER PRIMARY KEY"
                              : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
  const char* never_reused_id_column = dialect == SqlDialect::kSqlite
                                           ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                           : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
  const char* blob_type = dialect == SqlDialect::kSqlite ? "BLOB" : "BYTEA";
  return absl::StrReplaceAll(std::string(migration.sql),
                             {{"ID_PRIMARY_KEY", id_column},
                              {"ID_NEVER_REUSED", never_reused_id_column},
                              {"BLOB", blob_type}});
}

Result<int> SchemaVersion(SqlConnection& database) {
  CLEARHOST_ASSIGN_OR_RETURN(SqlTransaction transaction, SqlTransaction::Begin(database));
  CLEARHOST_ASSIGN_OR_RETURN(const int version, LockedSchemaVersion(database));
  CLEARHOST_RETURN_IF_ERROR(transaction.Commit());
  return version;
}

Result<int> SchemaVersion(SqliteDatabase& database) {
  return SchemaVersion(*BorrowSqliteConnection(database));
}

Status MigrateToLatest(SqlConnection& database) {
  CLEARHOST_ASSIGN_OR_RETURN(const int version, SchemaVersion(database));
  if (version > kSchemaVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat(database.name(), ": the database has schema version ", version,
                     " but this clearhost knows only versions up to ", kSchemaVersion,
                     ": upgrade clearhost to use it"));
  }
  for (const Migration& migration : kMigrations) {
    if (migration.version > version) CLEARHOST_RETURN_IF_ERROR(Apply(database, migration));
  }
  return Status();
}

Status MigrateToLatest(SqliteDatabase& database) {
  return MigrateToLatest(*BorrowSqliteConnection(database));
}

}  // namespace clearhost::store
