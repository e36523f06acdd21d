#include "store/postgres_connection.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace clearhost::store {
namespace {

// Column type OIDs (PostgreSQL's pg_type.dat): the integer types read back as int64_t.
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

struct ConnDeleter {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnDeleter>;

bool IsIdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// libpq's messages end with a newline and may span lines: one line, trimmed.
std::string OneLine(std::string_view message) {
  std::string line = absl::StrReplaceAll(std::string(message), {{"\r", " "}, {"\n", " "}});
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
  return absl::StrReplaceAll(line, {{"\t", " "}});
}

// What a URL's user name and password must never appear as in a message.
struct Secrets {
  std::vector<std::string> values;

  std::string Scrub(std::string_view text) const {
    std::string scrubbed(text);
    for (const std::string& secret : values) {
      if (!secret.empty()) scrubbed = absl::StrReplaceAll(scrubbed, {{secret, "***"}});
    }
    return scrubbed;
  }
};

// The parts of a connection URI that name the database in messages, and the secrets in it.
struct ParsedUrl {
  std::string name;  // "postgresql://host:port/db"
  Secrets secrets;
};

Result<ParsedUrl> ParseUrl(std::string_view url) {
  ParsedUrl parsed;
  // The raw userinfo ("user:password") and anything after a ':' in it, percent-encoded or not,
  // is kept out of every message, including this function's own.
  const size_t scheme_end = url.find("://");
  std::string_view rest = scheme_end == std::string_view::npos ? url : url.substr(scheme_end + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    const size_t colon = userinfo.find(':');
    if (colon != std::string_view::npos) {
      parsed.secrets.values.emplace_back(userinfo.substr(colon + 1));
    }
  }
  // A password given as a query parameter ("?password=...").
  for (size_t found = url.find("password="); found != std::string_view::npos;
       found = url.find("password=", found + 1)) {
    std::string_view value = url.substr(found + 9);
    parsed.secrets.values.emplace_back(value.substr(0, value.find('&')));
  }
  std::string redacted_url(url);
  if (at != std::string_view::npos && scheme_end != std::string_view::npos) {
    redacted_url =
        absl::StrCat(std::string(url.substr(0, scheme_end + 3)), std::string(rest.substr(at + 1)));
    redacted_url = parsed.secrets.Scrub(redacted_url);
  }

  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(std::string(url).c_str(), &error);
  if (options == nullptr) {
    std::string message = error != nullptr ? OneLine(error) : "out of memory";
    PQfreemem(error);
    return absl::InvalidArgumentError(
        absl::StrCat("database URL '", redacted_url, "': ", parsed.secrets.Scrub(message)));
  }
  std::string host, hostaddr, port, dbname, user;
  for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    const std::string_view keyword = option->keyword;
    if (keyword == "host") host = option->val;
    if (keyword == "hostaddr") hostaddr = option->val;
    if (keyword == "port") port = option->val;
    if (keyword == "dbname") dbname = option->val;
    if (keyword == "user") user = option->val;
    if (keyword == "password") parsed.secrets.values.emplace_back(option->val);
  }
  PQconninfoFree(options);
  for (const char c : port) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != ',') {
      return absl::InvalidArgumentError(
          absl::StrCat("database URL '", redacted_url, "': the port is not a number"));
    }
  }
  if (host.empty()) host = hostaddr.empty() ? "localhost" : hostaddr;
  if (port.empty()) port = "5432";
  if (dbname.empty()) dbname = user;  // libpq's default
  // Not scrubbed: made of the host, port and database alone (and a password such as "postgres"
  // would otherwise mangle the scheme).
  parsed.name = absl::StrCat("postgresql://", host, ":", port, "/", dbname);
  return parsed;
}

// The Status for an SQLSTATE and a message.
absl::StatusCode CodeForSqlState(std::string_view state) {
  if (state == "23505") return absl::StatusCode::kAlreadyExists;
  if (state.starts_with("23")) return absl::StatusCode::kFailedPrecondition;
  if (state == "40001" || state == "40P01" || state == "55P03" || state == "57014" ||
      state.starts_with("57P0") || state.starts_with("08")) {
    return absl::StatusCode::kUnavailable;
  }
  if (state.starts_with("53")) return absl::StatusCode::kResourceExhausted;
  if (state == "42501") return absl::StatusCode::kPermissionDenied;
  if (state == "3D000") return absl::StatusCode::kNotFound;
  return absl::StatusCode::kInternal;
}

// Why a connection could not be made, from libpq's message (it has no SQLSTATE for that).
absl::StatusCode CodeForConnectFailure(std::string_view message) {
  if (message.find("database \"") != std::string_view::npos &&
      message.find("does not exist") != std::string_view::npos) {
    return absl::StatusCode::kNotFound;
  }
  if (message.find("authentication failed") != std::string_view::npos ||
      message.find("no pg_hba.conf entry") != std::string_view::npos ||
      message.find("permission denied") != std::string_view::npos) {
    return absl::StatusCode::kPermissionDenied;
  }
  return absl::StatusCode::kUnavailable;
}

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

class PostgresConnection final : public SqlConnection {
 public:
  PostgresConnection(ConnPtr connection, ParsedUrl url)
      : connection_(std::move(connection)), url_(std::move(url)) {}

  SqlDialect dialect() const override { return SqlDialect::kPostgres; }
  const std::string& name() const override { return url_.name; }

  // After connecting (and after every reconnect): no NOTICEs on stderr, UTF-8 text.
  Status Setup() {
    PQsetNoticeProcessor(connection_.get(), IgnoreNotice, nullptr);
    ResultPtr result(PQexec(connection_.get(),
                            "SET client_min_messages = warning; SET client_encoding = 'UTF8'"));
    return Check(result.get(), "setting up the session");
  }

  Status ExecuteScript(std::string_view sql) override {
    CLEARHOST_RETURN_IF_ERROR(ReconnectIfLost());
    ResultPtr result(PQexec(connection_.get(), std::string(sql).c_str()));
    return Check(result.get(), "running a script");
  }

  Result<SqlRows> Query(std::string_view sql, std::span<const SqlValue> parameters) override {
    std::vector<std::string> texts(parameters.size());
    std::vector<const char*> values(parameters.size(), nullptr);
    for (size_t i = 0; i < parameters.size(); ++i) {
      if (const auto* number = std::get_if<int64_t>(&parameters[i])) {
        texts[i] = absl::StrCat(*number);
        values[i] = texts[i].c_str();
      } else if (const auto* text = std::get_if<std::string>(&parameters[i])) {
        values[i] = text->c_str();
      }
    }
    return Run(sql, values);
  }

  int64_t Changes() const override { return changes_; }

  Status Begin() override {
    CLEARHOST_RETURN_IF_ERROR(ReconnectIfLost());
    ResultPtr result(PQexec(connection_.get(), "BEGIN"));
    CLEARHOST_RETURN_IF_ERROR(Check(result.get(), "beginning a transaction"));
    in_transaction_ = true;
    return Status();
  }

  Status Commit() override {
    in_transaction_ = false;
    ResultPtr result(PQexec(connection_.get(), "COMMIT"));
    Status committed = Check(result.get(), "committing");
    // COMMIT of a transaction that had an error "succeeds" by rolling back.
    if (committed.ok() && std::string_view(PQcmdStatus(result.get())) == "ROLLBACK") {
      committed = absl::InternalError(absl::StrCat(
          name(),
          ": committing: a statement in the transaction had failed, so it was rolled back"));
    }
    // A failed COMMIT leaves no transaction open behind it.
    if (PQstatus(connection_.get()) == CONNECTION_OK &&
        PQtransactionStatus(connection_.get()) != PQTRANS_IDLE) {
      ResultPtr rollback(PQexec(connection_.get(), "ROLLBACK"));
    }
    return committed;
  }

  void Rollback() override {
    in_transaction_ = false;
    // Nothing to report: a lost connection has no transaction left on the server either.
    if (PQstatus(connection_.get()) != CONNECTION_OK) return;
    ResultPtr result(PQexec(connection_.get(), "ROLLBACK"));
  }

  Status LockSequence(int64_t key) override {
    const std::string text = absl::StrCat(key);
    const char* values[] = {text.c_str()};
    return Run("SELECT pg_advisory_xact_lock(?)", values).status();
  }

 private:
  struct Prepared {
    std::string name;
    int parameter_count = 0;
  };

  // Runs `sql` with its parameters as text (null: NULL).
  Result<SqlRows> Run(std::string_view sql, std::span<const char* const> values) {
    CLEARHOST_RETURN_IF_ERROR(ReconnectIfLost());
    CLEARHOST_ASSIGN_OR_RETURN(const Prepared* prepared, Prepare(sql));
    if (static_cast<size_t>(prepared->parameter_count) != values.size()) {
      return absl::InvalidArgumentError(absl::StrCat(name(), ": ", values.size(),
                                                     " parameters for ", prepared->parameter_count,
                                                     " placeholders in: ", std::string(sql)));
    }
    ResultPtr result(PQexecPrepared(connection_.get(), prepared->name.c_str(),
                                    static_cast<int>(values.size()), values.data(), nullptr,
                                    nullptr, /*resultFormat=*/0));
    CLEARHOST_RETURN_IF_ERROR(Check(result.get(), "running a query"));
    const std::string_view command = PQcmdStatus(result.get());
    if (command.starts_with("INSERT") || command.starts_with("UPDATE") ||
        command.starts_with("DELETE") || command.starts_with("MERGE")) {
      const std::string_view tuples = PQcmdTuples(result.get());
      int64_t changed = 0;
      std::from_chars(tuples.data(), tuples.data() + tuples.size(), changed);
      changes_ = changed;
    }
    return Rows(result.get());
  }

  // The server-side prepared statement for `sql`, prepared on first use.
  Result<const Prepared*> Prepare(std::string_view sql) {
    auto found = prepared_.find(absl::string_view(sql.data(), sql.size()));
    if (found != prepared_.end()) return &found->second;
    NumberedSql numbered = NumberPlaceholders(sql);
    Prepared prepared{absl::StrCat("clearhost_", next_statement_++), numbered.parameter_count};
    ResultPtr result(PQprepare(connection_.get(), prepared.name.c_str(), numbered.sql.c_str(),
                               numbered.parameter_count, nullptr));
    CLEARHOST_RETURN_IF_ERROR(Check(result.get(), "preparing a statement"));
    return &prepared_.emplace(std::string(sql), std::move(prepared)).first->second;
  }

  // Outside a transaction, a connection found lost is made again once.
  Status ReconnectIfLost() {
    if (PQstatus(connection_.get()) == CONNECTION_OK || in_transaction_) {
      if (PQstatus(connection_.get()) != CONNECTION_OK) {
        return absl::UnavailableError(
            absl::StrCat(name(), ": the connection was lost during the transaction"));
      }
      return Status();
    }
    prepared_.clear();  // the server forgot them with the old session
    PQreset(connection_.get());
    if (PQstatus(connection_.get()) != CONNECTION_OK) {
      return absl::UnavailableError(absl::StrCat(
          name(),
          ": reconnecting: ", url_.secrets.Scrub(OneLine(PQerrorMessage(connection_.get())))));
    }
    return Setup();
  }

  // OK for a result that succeeded, else the Status its SQLSTATE maps to.
  Status Check(const PGresult* result, std::string_view doing) {
    const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
      return Status();
    }
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* message =
        result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(connection_.get());
    if (message == nullptr || *message == '\0') message = PQerrorMessage(connection_.get());
    absl::StatusCode code = absl::StatusCode::kInternal;
    if (PQstatus(connection_.get()) != CONNECTION_OK) {
      code = absl::StatusCode::kUnavailable;
    } else if (state != nullptr) {
      code = CodeForSqlState(state);
    } else if (result == nullptr) {
      code = absl::StatusCode::kResourceExhausted;  // libpq could not allocate a result
    }
    return Status(code, absl::StrCat(name(), ": ", std::string(doing), ": ",
                                     url_.secrets.Scrub(OneLine(message))));
  }

  Result<SqlRows> Rows(const PGresult* result) const {
    SqlRows rows;
    const int row_count = PQntuples(result);
    const int columns = PQnfields(result);
    rows.reserve(static_cast<size_t>(row_count));
    for (int row = 0; row < row_count; ++row) {
      SqlRow& out = rows.emplace_back();
      out.values.reserve(static_cast<size_t>(columns));
      for (int column = 0; column < columns; ++column) {
        if (PQgetisnull(result, row, column)) {
          out.values.emplace_back(std::monostate());
          continue;
        }
        const char* text = PQgetvalue(result, row, column);
        const int length = PQgetlength(result, row, column);
        const Oid type = PQftype(result, column);
        if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid) {
          int64_t number = 0;
          const auto [end, error] = std::from_chars(text, text + length, number);
          if (error != std::errc() || end != text + length) {
            return absl::InternalError(absl::StrCat(name(), ": reading a row: integer column ",
                                                    column, " holds '", std::string(text, length),
                                                    "'"));
          }
          out.values.emplace_back(number);
        } else {
          out.values.emplace_back(std::string(text, static_cast<size_t>(length)));
        }
      }
    }
    return rows;
  }

  ConnPtr connection_;
  ParsedUrl url_;
  // Prepared once per distinct SQL text, as clearhost_1, clearhost_2...; node-stable values
  // are not needed (pointers are used only until the next Prepare).
  absl::flat_hash_map<std::string, Prepared> prepared_;
  int64_t next_statement_ = 1;
  int64_t changes_ = 0;
  bool in_transaction_ = false;
};

}  // namespace

NumberedSql NumberPlaceholders(std::string_view sql) {
  NumberedSql numbered;
  numbered.sql.reserve(sql.size() + 16);
  size_t i = 0;
  // Copies sql[i] up to and including the first `end` from `from`, or to the end.
  auto copy_through = [&](std::string_view end, size_t from) {
    const size_t found = sql.find(end, from);
    const size_t stop = found == std::string_view::npos ? sql.size() : found + end.size();
    numbered.sql.append(sql.substr(i, stop - i));
    i = stop;
  };
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '?') {
      absl::StrAppend(&numbered.sql, "$", ++numbered.parameter_count);
      ++i;
    } else if (c == '\'') {
      // A string; '' inside it is two strings back to back, which this handles as such. An
      // E'...' string also takes backslash escapes.
      const bool escapes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                           (i < 2 || !IsIdentifierChar(sql[i - 2]));
      size_t end = i + 1;
      while (end < sql.size() && sql[end] != '\'') end += (escapes && sql[end] == '\\') ? 2 : 1;
      end = std::min(end + 1, sql.size());
      numbered.sql.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '"') {
      copy_through("\"", i + 1);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      copy_through("\n", i + 2);
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      // Block comments nest in PostgreSQL.
      int depth = 0;
      size_t end = i;
      while (end < sql.size()) {
        if (sql.substr(end, 2) == "/*") {
          ++depth;
          end += 2;
        } else if (sql.substr(end, 2) == "*/") {
          end += 2;
          if (--depth == 0) break;
        } else {
          ++end;
        }
      }
      numbered.sql.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '$' && (i == 0 || !IsIdentifierChar(sql[i - 1]))) {
      // A dollar-quoted string, $tag$...$tag$ (the tag may be empty); $1 is not one.
      size_t tag_end = i + 1;
      while (tag_end < sql.size() && IsIdentifierChar(sql[tag_end]) &&
             !(tag_end == i + 1 && std::isdigit(static_cast<unsigned char>(sql[tag_end])))) {
        ++tag_end;
      }
      if (tag_end < sql.size() && sql[tag_end] == '$') {
        const std::string_view tag = sql.substr(i, tag_end - i + 1);
        const size_t body = tag_end + 1;
        const size_t close = sql.find(tag, body);
        const size_t stop = close == std::string_view::npos ? sql.size() : close + tag.size();
        numbered.sql.append(sql.substr(i, stop - i));
        i = stop;
      } else {
        numbered.sql.push_back(c);
        ++i;
      }
    } else {
      numbered.sql.push_back(c);
      ++i;
    }
  }
  return numbered;
}

Result<std::unique_ptr<SqlConnection>> OpenPostgresConnection(std::string_view url) {
  CLEARHOST_ASSIGN_OR_RETURN(ParsedUrl parsed, ParseUrl(url));
  // Keywords before "dbname" are defaults the URL may override; it is expanded in place.
  const std::string url_text(url);
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"10", "clearhost", url_text.c_str(), nullptr};
  ConnPtr connection(PQconnectdbParams(keywords, values, /*expand_dbname=*/1));
  if (connection == nullptr) {
    return absl::ResourceExhaustedError(absl::StrCat(parsed.name, ": connecting: out of memory"));
  }
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    const std::string message = OneLine(PQerrorMessage(connection.get()));
    return Status(CodeForConnectFailure(message),
                  absl::StrCat(parsed.name, ": connecting: ", parsed.secrets.Scrub(message)));
  }
  auto postgres = std::make_unique<PostgresConnection>(std::move(connection), std::move(parsed));
  CLEARHOST_RETURN_IF_ERROR(postgres->Setup());
  return std::unique_ptr<SqlConnection>(std::move(postgres));
}

}  // namespace clearhost::store
