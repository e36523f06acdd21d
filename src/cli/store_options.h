// How the commands that use the store (`lists`, `match --db`) find it: `--db sqlite:FILE`, or
// the default database under the XDG data home.
// Thread-safety: call from the main thread (reads the environment).
#pragma once

#include <filesystem>
#include <string>

#include "core/status.h"
#include "store/bank_store.h"

namespace clearhost::cli {

// The default database: $XDG_DATA_HOME/clearhost/clearhost.db, else
// ~/.local/share/clearhost/clearhost.db.
std::filesystem::path DefaultDatabase();

// Opens the store `--db` names (sqlite:FILE; empty = the default database, its directory
// created when missing). InvalidArgument for any other form; Unimplemented for PostgreSQL.
Result<store::BankStore> OpenStore(const std::string& db);

}  // namespace clearhost::cli
