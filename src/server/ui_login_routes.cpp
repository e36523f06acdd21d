// The dashboard's login and logout: GET /ui/login (the form), POST /ui/login (an API token opens
// a session), POST /ui/logout. The login form is protected from cross-site posting by a
// double-submit cookie: GET sets a random value in a cookie and in the form, POST needs both and
// equal (a cross-site page can neither read nor set the cookie).
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/http_json.h"
#include "server/ui_html.h"
#include "server/ui_page.h"
#include "server/ui_routes.h"

namespace clearhost::server {
namespace {

constexpr std::string_view kLoginCookie = "clearhost_login";
constexpr int64_t kLoginCookieSeconds = 3600;

// The login page with a fresh double-submit value; `error` shown above the form when not empty.
void ReplyLoginPage(const httplib::Request& request, httplib::Response& response, int status,
                    std::string_view error) {
  const std::string csrf = RandomToken();
  response.set_header("Set-Cookie", UiCookie(kLoginCookie, csrf,
                                             {.max_age_seconds = kLoginCookieSeconds,
                                              .secure = ArrivedOverHttps(request)}));
  std::string body;
  if (!error.empty()) body = absl::StrCat("<p class=\"error\">", HtmlEscape(error), "</p>");
  absl::StrAppend(&body, "<form method=\"post\" action=\"/ui/login\" class=\"login\">",
                  CsrfField(csrf),
                  "<label>API token <input type=\"password\" name=\"token\" "
                  "autocomplete=\"off\" required></label> <button type=\"submit\">Log in"
                  "</button></form><p class=\"muted\">An admin, operator, regulator or auditor "
                  "token (<code>clearhost tokens create</code>). The session lasts until you "
                  "log out or 8 hours without activity.</p>");
  ReplyHtml(response, status, RenderPage("Log in", body, nullptr));
}

void ClearCookie(const httplib::Request& request, httplib::Response& response,
                 std::string_view name) {
  response.set_header(
      "Set-Cookie",
      UiCookie(name, "", {.max_age_seconds = 0, .secure = ArrivedOverHttps(request)}));
}

}  // namespace

void AddUiLoginRoutes(httplib::Server& http, const std::shared_ptr<UiContext>& ui) {
  http.Get("/ui/login", [ui](const httplib::Request& request, httplib::Response& response) {
    const std::optional<std::string> cookie = RequestCookie(request, kUiSessionCookie);
    if (cookie && ui->sessions.Find(*cookie)) return ReplyRedirect(response, "/ui");
    ReplyLoginPage(request, response, 200, "");
  });

  http.Post("/ui/login", [ui](const httplib::Request& request, httplib::Response& response) {
    const Result<FormFields> form = ParseForm(request.body);
    const std::optional<std::string> cookie = RequestCookie(request, kLoginCookie);
    if (!form.ok() || !cookie || !ConstantTimeEquals(FormValue(*form, "csrf"), *cookie)) {
      return ReplyUiError(
          response,
          absl::PermissionDeniedError(
              "the login form's CSRF check failed: open /ui/login and log in from there"),
          nullptr);
    }
    const std::string token(absl::StripAsciiWhitespace(FormValue(*form, "token")));
    Result<ConnectionLease> lease = ui->routes.pool.Lease();
    if (!lease.ok()) return ReplyUiError(response, lease.status(), nullptr);
    const Result<Caller> caller = Authenticate(lease->connection(), token);
    if (!caller.ok()) {
      if (caller.status().code() == absl::StatusCode::kUnavailable) lease->Discard();
      if (caller.status().code() != absl::StatusCode::kUnauthenticated) {
        return ReplyUiError(response, caller.status(), nullptr);
      }
      return ReplyLoginPage(request, response, 401, "Unknown or revoked token.");
    }
    if (!kUiRoles.contains(caller->role)) {
      return ReplyUiError(response,
                          absl::PermissionDeniedError(
                              absl::StrCat("role ", std::string(RoleName(caller->role)),
                                           " may not use the dashboard (notifiers use the API)")),
                          nullptr);
    }
    const UiSession session = ui->sessions.Create(token, *caller);
    response.set_header(
        "Set-Cookie",
        UiCookie(kUiSessionCookie, session.id,
                 {.max_age_seconds = ui->sessions.options().idle_timeout_micros / 1'000'000,
                  .secure = ArrivedOverHttps(request)}));
    ClearCookie(request, response, kLoginCookie);
    ReplyRedirect(response, "/ui");
  });

  http.Post("/ui/logout",
            UiWrap(ui, kUiRoles, [ui](const UiRequest& request, httplib::Response& response) {
              ui->sessions.End(request.session.id);
              ClearCookie(request.http, response, kUiSessionCookie);
              ReplyRedirect(response, "/ui/login");
              return Status();
            }));
}

}  // namespace clearhost::server
