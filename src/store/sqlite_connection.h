// The SQLite side of store/sql_connection.h: an SqlConnection over an SqliteDatabase, with the
// prepared statements it runs kept for reuse (keyed by their SQL text).
// Thread-safety: as SqlConnection, one thread at a time.
#pragma once

#include <filesystem>
#include <memory>

#include "core/status.h"
#include "store/sql_connection.h"
#include "store/sqlite_database.h"

namespace clearhost::store {

// Opens (creating it if absent) the SQLite database at `path` as an SqlConnection.
Result<std::unique_ptr<SqlConnection>> OpenSqliteConnection(const std::filesystem::path& path);

// An SqlConnection that runs on `database` without owning it: how code holding an
// SqliteDatabase (the bank store) shares code written for SqlConnection. It must not outlive
// `database`.
std::unique_ptr<SqlConnection> BorrowSqliteConnection(SqliteDatabase& database);

}  // namespace clearhost::store
