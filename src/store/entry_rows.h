// Reading bank entry rows: the (signal_type, signal) column pair back into a Signal. Shared by
// the BankStore source files only.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>

#include "core/status.h"
#include "lists/signal_type.h"
#include "store/sqlite_database.h"

namespace clearhost::store {

// The signal in columns `type_column` (its type name) and `type_column + 1` (its bytes) of the
// current row. DataLoss naming the database and `entry_id` when they do not make a signal (the
// database was edited by hand).
Result<lists::Signal> ReadSignalColumns(const SqliteDatabase& database, const SqliteStatement& row,
                                        int type_column, int64_t entry_id);

}  // namespace clearhost::store
