// The store backends the suites run against (SQLite always; PostgreSQL when the test server
// fixture runs), and fresh databases on them.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace clearhost::testing {

std::vector<std::string> SqlBackends();
// A URL of a new, empty database on `backend`.
Result<std::string> FreshDatabaseUrl(std::string_view backend,
                                     const std::filesystem::path& scratch_dir);

#define CLEARHOST_SKIP_UNLESS_BACKEND(backend) \
  do {                                         \
  } while (false)

}  // namespace clearhost::testing
