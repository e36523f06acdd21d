#include "server/ui_routes.h"

#include <cstdio>
#include <exception>

#include "absl/strings/str_cat.h"
#include "server/http_json.h"
#include "server/ui_page.h"

namespace clearhost::server {
namespace {

void LogInternalError(const httplib::Request& request, const Status& status) {
  std::fprintf(
      stderr, "%s\n",
      nlohmann::json{
          {"level", "error"}, {"path", request.path}, {"error", std::string(status.message())}}
          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
          .c_str());
}

// Runs `handler` for a caller whose session and CSRF token have been checked.
Status Authorized(UiContext& ui, RoleSet allowed, const UiHandler& handler,
                  const httplib::Request& request, httplib::Response& response, UiSession& session,
                  const FormFields& form) {
  CLEARHOST_ASSIGN_OR_RETURN(ConnectionLease lease, ui.routes.pool.Lease());
  Status status;
  try {
    Result<Caller> caller = Authenticate(lease.connection(), session.api_token);
    if (!caller.ok()) {
      // Revoked since the login: the session ends with it.
      if (caller.status().code() == absl::StatusCode::kUnauthenticated) ui.sessions.End(session.id);
      status = caller.status();
    } else {
      session.caller = *caller;
      status =
          allowed.contains(caller->role)
              ? handler(UiRequest{request, session, lease.connection(), form}, response)
              : absl::PermissionDeniedError(absl::StrCat(
                    "role ", std::string(RoleName(caller->role)), " may not use ", request.path));
    }
  } catch (const std::exception& error) {
    status = absl::InternalError(error.what());
  }
  if (status.code() == absl::StatusCode::kUnavailable) lease.Discard();
  return status;
}

}  // namespace

httplib::Server::Handler UiWrap(std::shared_ptr<UiContext> ui, RoleSet allowed, UiHandler handler) {
  return [ui = std::move(ui), allowed, handler = std::move(handler)](
             const httplib::Request& request, httplib::Response& response) {
    const std::optional<std::string> cookie = RequestCookie(request, kUiSessionCookie);
    std::optional<UiSession> session = cookie ? ui->sessions.Find(*cookie) : std::nullopt;
    const bool post = request.method == "POST";
    if (!session) {
      if (!post) return ReplyRedirect(response, "/ui/login");
      return ReplyUiError(
          response, absl::PermissionDeniedError("no session: log in again at /ui/login"), nullptr);
    }
    FormFields form;
    if (post) {
      Result<FormFields> parsed = ParseForm(request.body);
      if (!parsed.ok()) return ReplyUiError(response, parsed.status(), &*session);
      form = *std::move(parsed);
      if (!ConstantTimeEquals(FormValue(form, "csrf"), session->csrf_token)) {
        return ReplyUiError(
            response,
            absl::PermissionDeniedError("the form's CSRF token is missing or wrong (reload the "
                                        "page and try again)"),
            &*session);
      }
    }
    const Status status = Authorized(*ui, allowed, handler, request, response, *session, form);
    if (status.ok()) return;
    if (status.code() == absl::StatusCode::kUnauthenticated && !post) {
      return ReplyRedirect(response, "/ui/login");
    }
    if (HttpStatusFor(status.code()) == 500) LogInternalError(request, status);
    ReplyUiError(response, status, &*session);
  };
}

void AddUiRoutes(httplib::Server& http, const RouteContext& context) {
  auto ui = std::make_shared<UiContext>(context);
  http.Get("/ui/style.css", [](const httplib::Request&, httplib::Response& response) {
    SetUiSecurityHeaders(response);
    response.set_content(std::string(UiStyleSheet()), "text/css; charset=utf-8");
  });
  AddUiLoginRoutes(http, ui);
  AddUiCaseRoutes(http, ui);
  AddUiBankRoutes(http, ui);
  AddUiChartRoutes(http, ui);
  // Anything else under /ui: an HTML 404 with the same headers (registered last: httplib tries
  // routes in order).
  const auto not_found = [](const httplib::Request& request, httplib::Response& response) {
    ReplyUiError(response, absl::NotFoundError(absl::StrCat("no page ", request.path)), nullptr);
  };
  http.Get("/ui/.*", not_found);
  http.Post("/ui/.*", not_found);
}

}  // namespace clearhost::server
