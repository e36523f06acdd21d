// What the commands that use the store share: the --db option (sqlite:FILE, default under the
// user's data directory), opening the store it names, and who an audited change is made by.
// Thread-safety: call from the main thread.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "store/bank_store.h"
#include "store/sql_connection.h"

namespace clearhost::cli {

// $XDG_DATA_HOME/clearhost/clearhost.db, else ~/.local/share/clearhost/clearhost.db.
std::filesystem::path DefaultDatabase();

// Adds `--db sqlite:FILE`, stored in `db` ("" for the default database).
void AddDbOption(CLI::App& command, std::string& db);

// Opens the store `db` names (sqlite:FILE; empty: DefaultDatabase(), its directory created).
// postgresql://... is Unimplemented in this build; anything else InvalidArgument.
Result<store::BankStore> OpenStore(const std::string& db);

// The database URL `db` names: itself, or for "" sqlite:DefaultDatabase() (its directory
// created).
std::string DatabaseUrl(const std::string& db);

// Opens the database `db` names (sqlite:FILE or postgresql://...) as an SqlConnection and
// brings its schema up to date.
Result<std::unique_ptr<store::SqlConnection>> OpenDatabase(const std::string& db);

// `actor` when given, else $USER, else "uid N": who the audit log says made a change.
std::string Actor(const std::string& actor);

}  // namespace clearhost::cli
