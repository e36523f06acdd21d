// What the dashboard's routes (server/ui_*_routes.cpp) share: the session store, UiWrap(), which
// turns a page handler into an httplib one that finds the session from its cookie, checks the
// CSRF token of a POST, re-authenticates the session's API token, checks the role and leases a
// database connection, and the registration functions of each group of pages.
// Thread-safety: UiWrap's handlers run on any worker thread; the context outlives the server's
// handlers (they share it).
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <string_view>

#include "server/route_context.h"
#include "server/ui_http.h"
#include "server/ui_sessions.h"

namespace clearhost::server {

inline constexpr std::string_view kUiSessionCookie = "clearhost_session";
// Everyone but notifiers (who send notices through the API and see only their own cases).
inline constexpr RoleSet kUiRoles = {Role::kAdmin, Role::kOperator, Role::kRegulator,
                                     Role::kAuditor};
// Who may change cases (as POST /v1/cases/{id}/transitions).
inline constexpr RoleSet kUiCaseWorkers = {Role::kAdmin, Role::kOperator};

struct UiContext {
  explicit UiContext(const RouteContext& route_context) : routes(route_context), sessions({}) {}

  const RouteContext& routes;
  UiSessionStore sessions;
};

// One dashboard request, as a page handler sees it.
struct UiRequest {
  const httplib::Request& http;
  const UiSession& session;  // caller re-authenticated for this request
  store::SqlConnection& database;
  const FormFields& form;  // a POST's fields; empty for GET
};
using UiHandler = std::function<Status(const UiRequest& request, httplib::Response& response)>;

// The httplib handler for `handler`, for the roles in `allowed`. Without a live session a GET is
// sent to /ui/login and a POST refused (403); a POST without the session's CSRF token is 403;
// a handler's error becomes an HTML error page.
httplib::Server::Handler UiWrap(std::shared_ptr<UiContext> ui, RoleSet allowed, UiHandler handler);

// GET/POST /ui/login, POST /ui/logout.
void AddUiLoginRoutes(httplib::Server& http, const std::shared_ptr<UiContext>& ui);
// GET /ui, GET /ui/cases/{id}, POST /ui/cases/{id}/transitions.
void AddUiCaseRoutes(httplib::Server& http, const std::shared_ptr<UiContext>& ui);
// GET /ui/banks.
void AddUiBankRoutes(httplib::Server& http, const std::shared_ptr<UiContext>& ui);
// GET /ui/charts.
void AddUiChartRoutes(httplib::Server& http, const std::shared_ptr<UiContext>& ui);

}  // namespace clearhost::server
