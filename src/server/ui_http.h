// The dashboard's HTTP plumbing: reading cookies and url-encoded form bodies, writing cookies,
// and answering with the security headers every /ui response carries (a strict
// Content-Security-Policy, nosniff, no referrer, no caching). docs/dashboard.md explains them.
// Thread-safety: pure functions.
#pragma once

#include <httplib.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace clearhost::server {

inline constexpr std::string_view kUiContentSecurityPolicy =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";

// The value of cookie `name` in a Cookie header ("a=1; b=2"); nullopt when absent.
std::optional<std::string> FindCookie(std::string_view header, std::string_view name);
// The same for a request's Cookie header.
std::optional<std::string> RequestCookie(const httplib::Request& request, std::string_view name);

// The fields of an application/x-www-form-urlencoded body ('+' is a space, %XX a byte; the
// first of repeated names wins). InvalidArgument for a malformed %-escape.
using FormFields = std::map<std::string, std::string, std::less<>>;
Result<FormFields> ParseForm(std::string_view body);
// A field's value, "" when absent.
std::string FormValue(const FormFields& form, std::string_view name);

struct CookieOptions {
  int64_t max_age_seconds = 0;  // 0: removes the cookie
  bool secure = false;          // adds Secure (the browser sends it over HTTPS only)
};
// A Set-Cookie value for Path=/ui, HttpOnly, SameSite=Strict.
std::string UiCookie(std::string_view name, std::string_view value, const CookieOptions& options);

// Whether the request reached a TLS reverse proxy in front of the server (X-Forwarded-Proto:
// https): cookies then get Secure.
bool ArrivedOverHttps(const httplib::Request& request);

// Sets the security headers of every /ui response.
void SetUiSecurityHeaders(httplib::Response& response);
// An HTML page (with the security headers).
void ReplyHtml(httplib::Response& response, int status, std::string html);
// 303 See Other to `location` (with the security headers).
void ReplyRedirect(httplib::Response& response, const std::string& location);

}  // namespace clearhost::server
