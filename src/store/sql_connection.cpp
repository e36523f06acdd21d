#include "store/sql_connection.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "store/postgres_connection.h"
#include "store/sqlite_connection.h"

namespace clearhost::store {

bool SqlRow::IsNull(size_t column) const {
  return std::holds_alternative<std::monostate>(values.at(column));
}

int64_t SqlRow::Int(size_t column) const {
  const auto* number = std::get_if<int64_t>(&values.at(column));
  return number != nullptr ? *number : 0;
}

const std::string& SqlRow::Text(size_t column) const {
  static const std::string kEmpty;
  const auto* text = std::get_if<std::string>(&values.at(column));
  return text != nullptr ? *text : kEmpty;
}

Result<SqlTransaction> SqlTransaction::Begin(SqlConnection& connection) {
  CLEARHOST_RETURN_IF_ERROR(connection.Begin());
  return SqlTransaction(&connection);
}

SqlTransaction::SqlTransaction(SqlTransaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {}

SqlTransaction::~SqlTransaction() {
  if (connection_ != nullptr) connection_->Rollback();
}

Status SqlTransaction::Commit() {
  SqlConnection* connection = std::exchange(connection_, nullptr);
  return connection->Commit();
}

namespace {

// `url` without the user name and password of a "scheme://user:password@host..." URL, for
// messages.
std::string WithoutUserInfo(std::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const std::string_view rest = url.substr(scheme_end + 3);
  const size_t at = rest.substr(0, rest.find_first_of("/?#")).rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  return absl::StrCat(std::string(url.substr(0, scheme_end + 3)), std::string(rest.substr(at + 1)));
}

}  // namespace

Result<std::unique_ptr<SqlConnection>> OpenSqlConnection(std::string_view url) {
  if (url.starts_with("sqlite:")) {
    const std::string_view path = url.substr(7);
    if (path.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("database URL '", std::string(url), "': no file after 'sqlite:'"));
    }
    return OpenSqliteConnection(std::filesystem::path(std::string(path)));
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return OpenPostgresConnection(url);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("database URL '", WithoutUserInfo(url),
                   "': expected sqlite:FILE or postgresql://[USER@]HOST[:PORT]/DATABASE"));
}

}  // namespace clearhost::store
