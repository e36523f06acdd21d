#include "server/ui_page.h"

#include "absl/strings/str_cat.h"
#include "server/http_json.h"
#include "server/ui_html.h"
#include "server/ui_http.h"

namespace clearhost::server {

std::string RenderPage(std::string_view title, std::string_view body_html,
                       const UiSession* session) {
  std::string user;
  if (session != nullptr) {
    user = absl::StrCat("<span class=\"who\">", HtmlEscape(session->caller.principal), " (",
                        HtmlEscape(RoleName(session->caller.role)),
                        ")</span><form method=\"post\" action=\"/ui/logout\" class=\"inline\">",
                        CsrfField(session->csrf_token),
                        "<button type=\"submit\">Log out</button></form>");
  }
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>",
      HtmlEscape(title),
      " – clearhost</title><link rel=\"stylesheet\" href=\"/ui/style.css\"></head><body>\n"
      "<nav><span class=\"brand\">clearhost</span>",
      session != nullptr ? "<a href=\"/ui\">Cases</a><a href=\"/ui/banks\">Banks</a>"
                           "<a href=\"/ui/charts\">Charts</a>"
                         : "",
      "<span class=\"spacer\"></span>", user, "</nav>\n<main><h1>", HtmlEscape(title), "</h1>\n",
      std::string(body_html), "</main></body></html>\n");
}

std::string CsrfField(std::string_view csrf_token) {
  return absl::StrCat("<input type=\"hidden\" name=\"csrf\" value=\"", HtmlEscape(csrf_token),
                      "\">");
}

void ReplyUiError(httplib::Response& response, const Status& error, const UiSession* session) {
  const int status = HttpStatusFor(error.code());
  const std::string message =
      status == 500 ? "internal error (see the server log)" : std::string(error.message());
  ReplyHtml(response, status,
            RenderPage(absl::StrCat("Error ", status),
                       absl::StrCat("<p class=\"error\">", HtmlEscape(message), "</p>"), session));
}

std::string_view UiStyleSheet() {
  return R"css(body { margin: 0; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  color: #222; background: #f6f7f9; line-height: 1.4; }
nav { display: flex; align-items: center; gap: 1.2em; padding: 0.6em 1.2em; background: #27364a; }
nav a, nav .brand, nav .who { color: #fff; text-decoration: none; }
nav a:hover { text-decoration: underline; }
nav .brand { font-weight: bold; margin-right: 1em; }
nav .spacer { flex: 1; }
main { max-width: 72em; margin: 1em auto; padding: 0 1.2em; }
h1 { font-size: 1.5em; }
h2 { font-size: 1.2em; margin-top: 1.5em; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 0.35em 0.6em; border-bottom: 1px solid #dde1e6;
  vertical-align: top; }
th { background: #eef1f5; }
table.details th { width: 12em; }
td.mono, span.mono { font-family: "DejaVu Sans Mono", monospace; word-break: break-all; }
tr.overdue td.deadline { color: #b00020; font-weight: bold; }
.error { color: #b00020; font-weight: bold; }
.muted { color: #666; }
form.inline { display: inline; }
form.filters, form.transition, form.login { background: #fff; padding: 0.8em;
  border: 1px solid #dde1e6; margin: 0.5em 0; }
form.transition label, form.filters label { margin-right: 1em; }
input, select, button { font: inherit; }
button { background: #27364a; color: #fff; border: 0; padding: 0.3em 0.9em; cursor: pointer; }
nav button { background: #4e79a7; }
.charts svg { display: block; max-width: 100%; height: auto; margin: 0.5em 0 1.5em; }
)css";
}

}  // namespace clearhost::server
