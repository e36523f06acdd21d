#include "support/sql_backends.h"

namespace clearhost::testing {

std::vector<std::string> SqlBackends() {
  return {"sqlite"};
}

Result<std::string> FreshDatabaseUrl(std::string_view backend,
                                     const std::filesystem::path& scratch_dir) {
  if (backend != "sqlite") return absl::UnimplementedError("no such backend");
  return "sqlite:" + (scratch_dir / "store.db").string();
}

}  // namespace clearhost::testing
