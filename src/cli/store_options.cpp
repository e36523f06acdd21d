#include "cli/store_options.h"

#include <unistd.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "store/migrations.h"

namespace clearhost::cli {

std::filesystem::path DefaultDatabase() {
  const char* data_home = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  const std::filesystem::path base =
      data_home != nullptr && *data_home != '\0' ? std::filesystem::path(data_home)
      : home != nullptr                          ? std::filesystem::path(home) / ".local" / "share"
                                                 : std::filesystem::path(".");
  return base / "clearhost" / "clearhost.db";
}

void AddDbOption(CLI::App& command, std::string& db) {
  command.add_option("--db", db,
                     "sqlite:FILE or postgresql://USER@HOST:PORT/DB (default: "
                     "sqlite:$XDG_DATA_HOME/clearhost/clearhost.db, else "
                     "~/.local/share/clearhost/clearhost.db)");
}

Result<store::BankStore> OpenStore(const std::string& db) {
  std::filesystem::path path;
  if (db.empty()) {
    path = DefaultDatabase();
    std::error_code error;
    std::filesystem::create_directories(path.parent_path(), error);
  } else if (db.rfind("sqlite:", 0) == 0 && db.size() > 7) {
    path = db.substr(7);
  } else if (db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0) {
    return absl::UnimplementedError(
        "PostgreSQL stores are not supported by this build yet; use --db sqlite:FILE");
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--db ", db, ": expected sqlite:FILE or postgresql://..."));
  }
  return store::BankStore::Open(path);
}

std::string DatabaseUrl(const std::string& db) {
  if (!db.empty()) return db;
  const std::filesystem::path path = DefaultDatabase();
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  return absl::StrCat("sqlite:", path.string());
}

Result<std::unique_ptr<store::SqlConnection>> OpenDatabase(const std::string& db) {
  CLEARHOST_ASSIGN_OR_RETURN(std::unique_ptr<store::SqlConnection> connection,
                             store::OpenSqlConnection(DatabaseUrl(db)));
  CLEARHOST_RETURN_IF_ERROR(store::MigrateToLatest(*connection));
  return connection;
}

std::string Actor(const std::string& actor) {
  if (!actor.empty()) return actor;
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : absl::StrCat("uid ", getuid());
}

}  // namespace clearhost::cli
