// API tokens: who may call the server and in which role. A token is shown once, when it is
// created; the store keeps only its SHA-256, so a copy of the database does not let anyone in.
//
// Roles: admin (everything), operator (the hoster's abuse desk: intake, case work, reports),
// notifier (a hotline or other sender: sends notices, sees its own cases only), regulator (an
// authority: sends removal orders, reads cases and reports), auditor (reads cases, reports
// and the audit log). docs/api.md has the full route-by-role matrix.
// Thread-safety: functions on the given connection, one thread at a time per connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/sql_connection.h"

namespace clearhost::server {

enum class Role { kAdmin, kOperator, kNotifier, kRegulator, kAuditor };
inline constexpr Role kAllRoles[] = {Role::kAdmin, Role::kOperator, Role::kNotifier,
                                     Role::kRegulator, Role::kAuditor};
// "admin", "operator", "notifier", "regulator", "auditor".
std::string_view RoleName(Role role);
Result<Role> ParseRole(std::string_view name);

// Who a request comes from.
struct Caller {
  int64_t token_id = 0;
  Role role = Role::kAuditor;
  std::string principal;  // e.g. "hotline-nl": the name notices from this token carry
};

struct TokenInfo {
  int64_t id = 0;
  Role role = Role::kAuditor;
  std::string principal;
  int64_t created_at = 0;
  std::optional<int64_t> revoked_at;
};

// Creates a token for `principal` (1..128 characters of [A-Za-z0-9._@-]) in `role`, audited as
// `actor`; returns the token text ("chk_" + 64 hex digits), which is not stored anywhere.
Result<std::string> CreateToken(store::SqlConnection& database, Role role,
                                std::string_view principal, std::string_view actor, int64_t now);

// Revokes token `id`, audited. NotFound for an unknown id; revoking twice is fine.
Status RevokeToken(store::SqlConnection& database, int64_t id, std::string_view actor, int64_t now);

Result<std::vector<TokenInfo>> ListTokens(store::SqlConnection& database);

// The caller a presented token belongs to. Unauthenticated for an unknown, malformed or
// revoked token (the message never repeats the token).
Result<Caller> Authenticate(store::SqlConnection& database, std::string_view token);

}  // namespace clearhost::server
