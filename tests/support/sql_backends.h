// The store's two SQL backends for tests: one suite, value-parameterized over SqlBackends(),
// runs against SQLite (a scratch file) and a real PostgreSQL server (the CTest fixture
// "postgres", tests/support/postgres_cluster.sh), each test on a database of its own.
//
// The server's URL comes from $CLEARHOST_TEST_POSTGRES_URL (your own server: the URL of a
// database whose user may CREATE DATABASE) or else from the file $CLEARHOST_TEST_POSTGRES_URL_FILE
// names (the fixture writes it). Without either, PostgreSQL tests skip with a message; with
// CLEARHOST_REQUIRE_POSTGRES=1 (CI) they fail instead.
// Thread-safety: every function may be called from any thread.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/sql_connection.h"

namespace clearhost::testing {

// {"sqlite", "postgresql"}: the parameters of a backend-parameterized suite.
std::vector<std::string> SqlBackends();

// Whether the PostgreSQL test server's URL is known (see above).
bool PostgresAvailable();
// Why it is not, for the skip message ("" when it is).
std::string PostgresUnavailableReason();
// Whether CLEARHOST_REQUIRE_POSTGRES=1: a missing server fails tests instead of skipping them.
bool PostgresRequired();

// The URL of a new, empty database on `backend`: "sqlite:<scratch_dir>/store.db", or on the
// PostgreSQL test server a database created for the caller (t_<pid>_<counter>_<random>; left
// behind, the cluster goes at the end of the run). FailedPrecondition for an unknown backend or
// when the server is not available.
Result<std::string> FreshDatabaseUrl(std::string_view backend,
                                     const std::filesystem::path& scratch_dir);

// A connection to a fresh database on `backend`, migrated to the latest schema.
Result<std::unique_ptr<store::SqlConnection>> OpenFreshDatabase(
    std::string_view backend, const std::filesystem::path& scratch_dir);

// Skips the current test (GTEST_SKIP, with the reason) when `backend` is "postgresql" and the
// server is not available, or fails it when CLEARHOST_REQUIRE_POSTGRES=1. For test bodies and
// SetUp() (it returns from the enclosing function).
#define CLEARHOST_REQUIRE_SQL_BACKEND(backend)                                                     \
  do {                                                                                             \
    if (std::string_view(backend) == "postgresql" && !::clearhost::testing::PostgresAvailable()) { \
      if (::clearhost::testing::PostgresRequired()) {                                              \
        FAIL() << "PostgreSQL test server not running (CLEARHOST_REQUIRE_POSTGRES=1): "            \
               << ::clearhost::testing::PostgresUnavailableReason();                               \
      }                                                                                            \
      GTEST_SKIP() << "PostgreSQL test server not running: "                                       \
                   << ::clearhost::testing::PostgresUnavailableReason();                           \
    }                                                                                              \
  } while (false)

}  // namespace clearhost::testing
