// What every route handler shares: the database connections, the options, and Wrap(), which
// turns a handler into an httplib one that authenticates the bearer token, checks the caller's
// role, leases a connection, and answers any error as JSON (server/http_json.h).
// Thread-safety: Wrap()'s handlers run on any worker thread; the context is read-only.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <initializer_list>

#include "server/api_server.h"
#include "server/api_tokens.h"
#include "server/connection_pool.h"
#include "server/match_service.h"
#include "server/server_metrics.h"
#include "store/sql_connection.h"

namespace clearhost::server {

// A set of roles, one bit per Role.
class RoleSet {
 public:
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (const Role role : roles) bits_ |= Bit(role);
  }
  constexpr bool contains(Role role) const { return (bits_ & Bit(role)) != 0; }

 private:
  static constexpr uint32_t Bit(Role role) { return 1u << static_cast<uint32_t>(role); }
  uint32_t bits_ = 0;
};

struct RouteContext {
  using Handler = std::function<Status(const httplib::Request& request, httplib::Response& response,
                                       const Caller& caller, store::SqlConnection& database)>;

  // The httplib handler for `handler`, callable by the roles in `allowed`.
  httplib::Server::Handler Wrap(RoleSet allowed, Handler handler) const;

  ConnectionPool& pool;
  const ServerOptions& options;
  // The banks and their index; nullptr when the server has no bank store (a PostgreSQL --db
  // without --banks): bank and match routes then answer 503.
  MatchService* match = nullptr;
};

// Registers the case routes (intake, cases, events, transitions, deadlines).
void AddCaseRoutes(httplib::Server& http, const RouteContext& context);
// Registers statements of reasons, the transparency report, audit verification and whoami.
void AddReportRoutes(httplib::Server& http, const RouteContext& context);
// Registers /v1/match, /v1/hash, /v1/index and /v1/index/reload.
void AddMatchRoutes(httplib::Server& http, const RouteContext& context);
// Registers /v1/banks... and /v1/entries/{id}.
void AddBankRoutes(httplib::Server& http, const RouteContext& context);
// Registers /health, /ready and /metrics (with `metrics`' request counters).
void AddOperationsRoutes(httplib::Server& http, const RouteContext& context,
                         const ServerMetrics& metrics);
void AddOpenApiRoute(httplib::Server& http);  // GET /openapi.json (public): docs/openapi.yaml
// Registers the HMA-compatible routes (/h/, /m/, /c/ and GET /status; docs/hma.md).
void AddHmaRoutes(httplib::Server& http, const RouteContext& context);
// Registers the HTML dashboard under /ui (server/ui_routes.h, docs/dashboard.md).
void AddUiRoutes(httplib::Server& http, const RouteContext& context);

}  // namespace clearhost::server
