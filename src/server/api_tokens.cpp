#include "server/api_tokens.h"

#include <sodium.h>

#include <array>
#include <cstdlib>
#include <span>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/hex.h"
#include "core/sha256.h"
#include "store/audit_chain.h"

namespace clearhost::server {
namespace {

using store::SqlRows;
using store::SqlTransaction;
using store::SqlValue;

constexpr std::string_view kTokenPrefix = "chk_";
constexpr size_t kTokenSecretBytes = 32;

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoleNames = {{
    {Role::kAdmin, "admin"},
    {Role::kOperator, "operator"},
    {Role::kNotifier, "notifier"},
    {Role::kRegulator, "regulator"},
    {Role::kAuditor, "auditor"},
}};

Status CheckPrincipal(std::string_view principal) {
  if (principal.empty() || principal.size() > 128) {
    return absl::InvalidArgumentError("principal: 1 to 128 characters");
  }
  for (const char c : principal) {
    if (!absl::ascii_isalnum(c) && c != '.' && c != '_' && c != '@' && c != '-') {
      return absl::InvalidArgumentError(absl::StrCat("principal '", std::string(principal),
                                                     "': only letters, digits and . _ @ -"));
    }
  }
  return Status();
}

Status WellFormed(std::string_view token) {
  if (!token.starts_with(kTokenPrefix) ||
      token.size() != kTokenPrefix.size() + 2 * kTokenSecretBytes) {
    return absl::UnauthenticatedError("malformed API token");
  }
  for (const char c : token.substr(kTokenPrefix.size())) {
    if (HexDigitValue(c) < 0) return absl::UnauthenticatedError("malformed API token");
  }
  return Status();
}

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [value, name] : kRoleNames) {
    if (value == role) return name;
  }
  return "?";
}

Result<Role> ParseRole(std::string_view name) {
  for (const auto& [value, role_name] : kRoleNames) {
    if (role_name == name) return value;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown role '", std::string(name),
                   "': expected admin, operator, notifier, regulator or auditor"));
}

Result<std::string> CreateToken(store::SqlConnection& database, Role role,
                                std::string_view principal, std::string_view actor, int64_t now) {
  CLEARHOST_RETURN_IF_ERROR(CheckPrincipal(principal));
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to initialise");
  std::array<uint8_t, kTokenSecretBytes> secret;
  randombytes_buf(secret.data(), secret.size());
  const std::string token = absl::StrCat(std::string(kTokenPrefix), HexEncode(secret));
  sodium_memzero(secret.data(), secret.size());

  CLEARHOST_ASSIGN_OR_RETURN(SqlTransaction transaction, SqlTransaction::Begin(database));
  const SqlValue values[] = {Sha256Hex(token), std::string(RoleName(role)), std::string(principal),
                             now};
  CLEARHOST_ASSIGN_OR_RETURN(
      const SqlRows inserted,
      database.Query("INSERT INTO api_tokens (token_hash, role, principal, created_at) "
                     "VALUES (?, ?, ?, ?) RETURNING id",
                     values));
  if (inserted.size() != 1) return absl::InternalError("INSERT ... RETURNING gave no id");
  CLEARHOST_RETURN_IF_ERROR(
      store::AppendAudit(database, {.at = now,
                                    .actor = std::string(actor),
                                    .action = "token_create",
                                    .detail = absl::StrCat("id=", inserted[0].Int(0),
                                                           " role=", std::string(RoleName(role)),
                                                           " principal=", std::string(principal))})
          .status());
  CLEARHOST_RETURN_IF_ERROR(transaction.Commit());
  return token;
}

Status RevokeToken(store::SqlConnection& database, int64_t id, std::string_view actor,
                   int64_t now) {
  CLEARHOST_ASSIGN_OR_RETURN(SqlTransaction transaction, SqlTransaction::Begin(database));
  const SqlValue values[] = {now, id};
  CLEARHOST_RETURN_IF_ERROR(
      database
          .Query("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", values)
          .status());
  if (database.Changes() != 1) return absl::NotFoundError(absl::StrCat("no API token ", id));
  CLEARHOST_RETURN_IF_ERROR(store::AppendAudit(database, {.at = now,
                                                          .actor = std::string(actor),
                                                          .action = "token_revoke",
                                                          .detail = absl::StrCat("id=", id)})
                                .status());
  return transaction.Commit();
}

Result<std::vector<TokenInfo>> ListTokens(store::SqlConnection& database) {
  CLEARHOST_ASSIGN_OR_RETURN(
      const SqlRows rows,
      database.Query("SELECT id, role, principal, created_at, revoked_at FROM api_tokens "
                     "ORDER BY id"));
  std::vector<TokenInfo> tokens;
  for (const store::SqlRow& row : rows) {
    CLEARHOST_ASSIGN_OR_RETURN(const Role role, ParseRole(row.Text(1)));
    tokens.push_back(
        {.id = row.Int(0),
         .role = role,
         .principal = row.Text(2),
         .created_at = row.Int(3),
         .revoked_at = row.IsNull(4) ? std::nullopt : std::optional<int64_t>(row.Int(4))});
  }
  return tokens;
}

Result<Caller> Authenticate(store::SqlConnection& database, std::string_view token) {
  CLEARHOST_RETURN_IF_ERROR(WellFormed(token));
  const SqlValue key[] = {Sha256Hex(token)};
  CLEARHOST_ASSIGN_OR_RETURN(
      const SqlRows rows, database.Query("SELECT id, role, principal, revoked_at FROM api_tokens "
                                         "WHERE token_hash = ?",
                                         key));
  if (rows.empty()) return absl::UnauthenticatedError("unknown API token");
  if (!rows[0].IsNull(3)) return absl::UnauthenticatedError("revoked API token");
  CLEARHOST_ASSIGN_OR_RETURN(const Role role, ParseRole(rows[0].Text(1)));
  return Caller{.token_id = rows[0].Int(0), .role = role, .principal = rows[0].Text(2)};
}

}  // namespace clearhost::server
