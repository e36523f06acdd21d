// The dashboard's page layout: every page is one HTML document with the navigation bar (and,
// when logged in, who is logged in and a logout button), a heading and the page's own body;
// the style sheet served at /ui/style.css; and the HTML error page. Nothing inline: no style
// attributes and no scripts, so the Content-Security-Policy (server/ui_http.h) can forbid them.
// Thread-safety: pure functions.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "core/status.h"
#include "server/ui_sessions.h"

namespace clearhost::server {

// A whole page. `title` is text (escaped here); `body_html` is HTML the caller has escaped.
// `session` is nullptr on the login page.
std::string RenderPage(std::string_view title, std::string_view body_html,
                       const UiSession* session);

// The hidden CSRF field every form of a session carries.
std::string CsrfField(std::string_view csrf_token);

// An error page for `error` with its HTTP status (server/http_json.h's mapping); internal
// errors say no more than that.
void ReplyUiError(httplib::Response& response, const Status& error, const UiSession* session);

// The CSS of /ui/style.css.
std::string_view UiStyleSheet();

}  // namespace clearhost::server
