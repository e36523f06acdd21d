#include "cli/store_options.h"

#include <cstdlib>
#include <system_error>

#include "absl/strings/str_cat.h"

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

}  // namespace clearhost::cli
