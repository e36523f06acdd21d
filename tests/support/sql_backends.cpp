#include "support/sql_backends.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>

#include "absl/strings/str_cat.h"
#include "store/migrations.h"

namespace clearhost::testing {
namespace {

struct ServerUrl {
  std::string url;     // "" when unknown
  std::string reason;  // why it is unknown
};

ServerUrl FindServerUrl() {
  if (const char* url = std::getenv("CLEARHOST_TEST_POSTGRES_URL"); url != nullptr && *url) {
    return {url, ""};
  }
  const char* file = std::getenv("CLEARHOST_TEST_POSTGRES_URL_FILE");
  if (file == nullptr || *file == '\0') {
    return {"",
            "neither CLEARHOST_TEST_POSTGRES_URL nor CLEARHOST_TEST_POSTGRES_URL_FILE is set "
            "(run the tests through ctest, which starts the server)"};
  }
  std::ifstream in(file);
  std::string url;
  if (!in || !std::getline(in, url) || url.empty()) {
    return {"", absl::StrCat("no server URL in ", file,
                             " (is Debian's postgresql package installed? see HACKING.md)")};
  }
  return {url, ""};
}

// The server's URL with its database replaced by `database`.
std::string WithDatabase(const std::string& url, const std::string& database) {
  const size_t authority = url.find("://");
  const size_t path = url.find_first_of("/?", authority == std::string::npos ? 0 : authority + 3);
  if (path == std::string::npos) return absl::StrCat(url, "/", database);
  const size_t query = url.find('?', path);
  return absl::StrCat(url.substr(0, path), "/", database,
                      query == std::string::npos ? "" : url.substr(query));
}

}  // namespace

std::vector<std::string> SqlBackends() {
  return {"sqlite", "postgresql"};
}

bool PostgresAvailable() {
  return !FindServerUrl().url.empty();
}

std::string PostgresUnavailableReason() {
  return FindServerUrl().reason;
}

bool PostgresRequired() {
  const char* required = std::getenv("CLEARHOST_REQUIRE_POSTGRES");
  return required != nullptr && std::string_view(required) == "1";
}

Result<std::string> FreshDatabaseUrl(std::string_view backend,
                                     const std::filesystem::path& scratch_dir) {
  if (backend == "sqlite") return absl::StrCat("sqlite:", (scratch_dir / "store.db").string());
  if (backend != "postgresql") {
    return absl::FailedPreconditionError(
        absl::StrCat("unknown SQL backend '", std::string(backend), "'"));
  }
  const ServerUrl server = FindServerUrl();
  if (server.url.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("PostgreSQL test server not running: ", server.reason));
  }
  static std::atomic<int> counter{0};
  thread_local std::mt19937_64 random{std::random_device{}()};
  const std::string database =
      absl::StrCat("t_", getpid(), "_", counter.fetch_add(1), "_", random() % 1'000'000'000);
  CLEARHOST_ASSIGN_OR_RETURN(std::unique_ptr<store::SqlConnection> admin,
                             store::OpenSqlConnection(server.url));
  CLEARHOST_RETURN_IF_ERROR(admin->ExecuteScript(absl::StrCat("CREATE DATABASE ", database)));
  return WithDatabase(server.url, database);
}

Result<std::unique_ptr<store::SqlConnection>> OpenFreshDatabase(
    std::string_view backend, const std::filesystem::path& scratch_dir) {
  CLEARHOST_ASSIGN_OR_RETURN(const std::string url, FreshDatabaseUrl(backend, scratch_dir));
  CLEARHOST_ASSIGN_OR_RETURN(std::unique_ptr<store::SqlConnection> connection,
                             store::OpenSqlConnection(url));
  CLEARHOST_RETURN_IF_ERROR(store::MigrateToLatest(*connection));
  return connection;
}

}  // namespace clearhost::testing
