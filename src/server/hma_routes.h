// What the HMA-compatible route files share (docs/hma.md): the roles that may call them, Wrap()
// with HMA's error shape, and the bank store and matcher a route needs. AddHmaRoutes
// (route_context.h) registers the hashing (/h/), matching (/m/) and curation (/c/) routes and
// the public GET /status.
// Thread-safety: as RouteContext::Wrap; the route handlers run on any worker thread.
#pragma once

#include <httplib.h>

#include "server/route_context.h"

namespace clearhost::server::hma {

// Hashing and lookups: the platform's upload path (an operator token) and admins.
inline constexpr RoleSet kMatchRoles = {Role::kAdmin, Role::kOperator};
// Reading banks and the index status: also auditors.
inline constexpr RoleSet kReadRoles = {Role::kAdmin, Role::kOperator, Role::kAuditor};
// Changing banks and their content.
inline constexpr RoleSet kCurateRoles = {Role::kAdmin, Role::kOperator};

// RouteContext::Wrap whose error answers also carry HMA's {"message": ...} next to clearhost's
// {"error": {"code", "message"}}, so HMA clients and clearhost clients both read them.
httplib::Server::Handler WrapHma(const RouteContext& context, RoleSet allowed,
                                 RouteContext::Handler handler);

// The server's match service; Unavailable (503) when it has no bank store.
Result<MatchService*> RequireMatch(const RouteContext& context);

void AddHashingRoutes(httplib::Server& http, const RouteContext& context);
void AddMatchingRoutes(httplib::Server& http, const RouteContext& context);
void AddCurationRoutes(httplib::Server& http, const RouteContext& context);

}  // namespace clearhost::server::hma
