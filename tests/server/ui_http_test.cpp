#include "server/ui_http.h"

#include <gtest/gtest.h>

namespace clearhost::server {
namespace {

TEST(UiHttpTest, FindsACookieByItsExactName) {
  const std::string header = "theme=dark; clearhost_session=abc123;  other_clearhost_session=x";
  EXPECT_EQ(FindCookie(header, "clearhost_session"), "abc123");
  EXPECT_EQ(FindCookie(header, "theme"), "dark");
  EXPECT_EQ(FindCookie(header, "session"), std::nullopt);
  EXPECT_EQ(FindCookie("", "clearhost_session"), std::nullopt);
  EXPECT_EQ(FindCookie("clearhost_session", "clearhost_session"), std::nullopt);
}

TEST(UiHttpTest, ParsesUrlEncodedForms) {
  const Result<FormFields> form =
      ParseForm("csrf=ab12&to=actioned&note=gone+at+10%3A00%21&empty=&flag&to=rejected");
  ASSERT_TRUE(form.ok()) << form.status();
  EXPECT_EQ(FormValue(*form, "csrf"), "ab12");
  EXPECT_EQ(FormValue(*form, "to"), "actioned");  // the first of repeated names
  EXPECT_EQ(FormValue(*form, "note"), "gone at 10:00!");
  EXPECT_EQ(FormValue(*form, "empty"), "");
  EXPECT_EQ(form->count("flag"), 1u);
  EXPECT_EQ(FormValue(*form, "missing"), "");
  EXPECT_EQ(FormValue(*ParseForm("n%C3%A4me=%E2%80%93"), "n\xC3\xA4me"), "\xE2\x80\x93");
}

TEST(UiHttpTest, RefusesMalformedEscapes) {
  for (const char* body : {"a=%", "a=%4", "a=%zz", "%g0=1"}) {
    EXPECT_EQ(ParseForm(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
}

TEST(UiHttpTest, CookiesAreHttpOnlyStrictAndScopedToTheDashboard) {
  EXPECT_EQ(UiCookie("clearhost_session", "abc", {.max_age_seconds = 28800, .secure = false}),
            "clearhost_session=abc; Path=/ui; Max-Age=28800; HttpOnly; SameSite=Strict");
  EXPECT_EQ(UiCookie("clearhost_login", "", {.max_age_seconds = 0, .secure = true}),
            "clearhost_login=; Path=/ui; Max-Age=0; HttpOnly; SameSite=Strict; Secure");
}

TEST(UiHttpTest, SecureOnlyBehindATlsProxy) {
  httplib::Request request;
  EXPECT_FALSE(ArrivedOverHttps(request));
  request.set_header("X-Forwarded-Proto", "HTTPS");
  EXPECT_TRUE(ArrivedOverHttps(request));
}

TEST(UiHttpTest, HtmlAnswersCarryTheSecurityHeaders) {
  httplib::Response response;
  ReplyHtml(response, 200, "<p>x</p>");
  EXPECT_EQ(response.get_header_value("Content-Security-Policy"), kUiContentSecurityPolicy);
  EXPECT_EQ(response.get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(response.get_header_value("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(response.get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(response.get_header_value("Content-Type"), "text/html; charset=utf-8");
  httplib::Response redirect;
  ReplyRedirect(redirect, "/ui");
  EXPECT_EQ(redirect.status, 303);
  EXPECT_EQ(redirect.get_header_value("Location"), "/ui");
  EXPECT_EQ(redirect.get_header_value("Content-Security-Policy"), kUiContentSecurityPolicy);
}

}  // namespace
}  // namespace clearhost::server
