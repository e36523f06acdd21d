#include "server/ui_http.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/hex.h"

namespace clearhost::server {
namespace {

Result<std::string> FormDecode(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] != '%') {
      out += text[i];
    } else {
      const int high = i + 2 < text.size() ? HexDigitValue(text[i + 1]) : -1;
      const int low = high >= 0 ? HexDigitValue(text[i + 2]) : -1;
      if (low < 0) return absl::InvalidArgumentError("the form has a malformed %-escape");
      out += static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> FindCookie(std::string_view header, std::string_view name) {
  // Debian's Abseil has its own string_view type.
  for (absl::string_view part :
       absl::StrSplit(absl::string_view(header.data(), header.size()), ';')) {
    part = absl::StripAsciiWhitespace(part);
    const size_t equals = part.find('=');
    if (equals != absl::string_view::npos &&
        part.substr(0, equals) == absl::string_view(name.data(), name.size())) {
      return std::string(part.substr(equals + 1));
    }
  }
  return std::nullopt;
}

std::optional<std::string> RequestCookie(const httplib::Request& request, std::string_view name) {
  return FindCookie(request.get_header_value("Cookie"), name);
}

Result<FormFields> ParseForm(std::string_view body) {
  FormFields fields;
  for (const absl::string_view pair :
       absl::StrSplit(absl::string_view(body.data(), body.size()), '&', absl::SkipEmpty())) {
    const size_t equals = pair.find('=');
    CLEARHOST_ASSIGN_OR_RETURN(std::string name, FormDecode(pair.substr(0, equals)));
    std::string value;
    if (equals != std::string_view::npos) {
      CLEARHOST_ASSIGN_OR_RETURN(value, FormDecode(pair.substr(equals + 1)));
    }
    fields.emplace(std::move(name), std::move(value));
  }
  return fields;
}

std::string FormValue(const FormFields& form, std::string_view name) {
  const auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

std::string UiCookie(std::string_view name, std::string_view value, const CookieOptions& options) {
  return absl::StrCat(std::string(name), "=", std::string(value),
                      "; Path=/ui; Max-Age=", options.max_age_seconds,
                      "; HttpOnly; SameSite=Strict", options.secure ? "; Secure" : "");
}

bool ArrivedOverHttps(const httplib::Request& request) {
  return absl::EqualsIgnoreCase(request.get_header_value("X-Forwarded-Proto"), "https");
}

void SetUiSecurityHeaders(httplib::Response& response) {
  response.set_header("Content-Security-Policy", std::string(kUiContentSecurityPolicy));
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Referrer-Policy", "no-referrer");
  response.set_header("Cache-Control", "no-store");
  response.set_header("X-Frame-Options", "DENY");
}

void ReplyHtml(httplib::Response& response, int status, std::string html) {
  SetUiSecurityHeaders(response);
  response.status = status;
  response.set_content(std::move(html), "text/html; charset=utf-8");
}

void ReplyRedirect(httplib::Response& response, const std::string& location) {
  SetUiSecurityHeaders(response);
  response.status = 303;
  response.set_header("Location", location);
}

}  // namespace clearhost::server
