// The dashboard's routes in process (ApiServer on a loopback port, SQLite): login with its
// double-submit CSRF check, roles, sessions, the CSRF check of every POST, the security headers
// and escaping of data in the pages.
#include <gtest/gtest.h>
#include <httplib.h>

#include <regex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "core/clock.h"
#include "server/api_server.h"
#include "server/api_tokens.h"
#include "server/ui_http.h"
#include "server/ui_sessions.h"
#include "store/sql_connection.h"
#include "support/test_support.h"

namespace clearhost::server {
namespace {

// "name=value" of the Set-Cookie header setting cookie `name` ("" when none does).
std::string SetCookie(const httplib::Result& result, const std::string& name) {
  const auto [begin, end] = result->headers.equal_range("Set-Cookie");
  for (auto header = begin; header != end; ++header) {
    if (header->second.starts_with(name + "=")) return header->second;
  }
  return "";
}

std::string CookieValue(const std::string& set_cookie) {
  const size_t equals = set_cookie.find('=');
  return set_cookie.substr(equals + 1, set_cookie.find(';') - equals - 1);
}

std::string HiddenCsrf(const std::string& html) {
  std::smatch match;
  if (!std::regex_search(html, match, std::regex(R"re(name="csrf" value="([0-9a-f]{64})")re"))) {
    return "";
  }
  return match[1];
}

class UiRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = absl::StrCat("sqlite:", (dir_.path() / "store.db").string());
    Result<std::unique_ptr<ApiServer>> server =
        ApiServer::Create({.database_url = url_, .port = 0});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_TRUE(server_->Bind().ok());
    thread_ = std::thread([this] { (void)server_->Run(); });
    Result<std::unique_ptr<store::SqlConnection>> database = store::OpenSqlConnection(url_);
    ASSERT_TRUE(database.ok()) << database.status();
    for (const Role role : kAllRoles) {
      Result<std::string> token =
          CreateToken(**database, role, absl::StrCat(std::string(RoleName(role)), "-x"), "test",
                      SystemClockMicros());
      ASSERT_TRUE(token.ok()) << token.status();
      tokens_[role] = *token;
    }
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }

  httplib::Client Client() { return httplib::Client("127.0.0.1", server_->port()); }

  // Logs in with `role`'s token as a browser would; the session cookie ("" on failure).
  std::string LogIn(Role role, int expected_status = 303) {
    httplib::Client client = Client();
    const httplib::Result page = client.Get("/ui/login");
    EXPECT_TRUE(page);
    const std::string login_cookie = CookieValue(SetCookie(page, "clearhost_login"));
    const httplib::Result result =
        client.Post("/ui/login", {{"Cookie", "clearhost_login=" + login_cookie}},
                    absl::StrCat("csrf=", HiddenCsrf(page->body), "&token=", tokens_[role]),
                    "application/x-www-form-urlencoded");
    EXPECT_TRUE(result);
    EXPECT_EQ(result->status, expected_status) << result->body;
    const std::string set_cookie = SetCookie(result, "clearhost_session");
    return set_cookie.empty() ? "" : CookieValue(set_cookie);
  }

  // Opens case 1 through the JSON API; its reference carries markup.
  void OpenCase() {
    httplib::Client client = Client();
    const httplib::Result created =
        client.Post("/v1/notices", {{"Authorization", "Bearer " + tokens_[Role::kAdmin]}},
                    R"({"source_type": "hotline", "reference": "<b>bold</b>",
            "urls": ["https://files.example.net/a.jpg"]})",
                    "application/json");
    ASSERT_TRUE(created);
    ASSERT_EQ(created->status, 201) << created->body;
  }

  httplib::Headers Session(const std::string& session) {
    return {{"Cookie", "clearhost_session=" + session}};
  }

  testing::ScratchDir dir_;
  std::string url_;
  std::unique_ptr<ApiServer> server_;
  std::thread thread_;
  std::map<Role, std::string> tokens_;
};

TEST_F(UiRoutesTest, LoginPageSetsTheDoubleSubmitCookieAndTheSecurityHeaders) {
  httplib::Client client = Client();
  const httplib::Result page = client.Get("/ui/login");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Security-Policy"), kUiContentSecurityPolicy);
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-store");
  const std::string cookie = SetCookie(page, "clearhost_login");
  EXPECT_NE(cookie.find("HttpOnly; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/ui"), std::string::npos) << cookie;
  EXPECT_EQ(HiddenCsrf(page->body), CookieValue(cookie));
  EXPECT_EQ(page->body.find("style="), std::string::npos);
  EXPECT_EQ(page->body.find("<script"), std::string::npos);
  const httplib::Result css = client.Get("/ui/style.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(css->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_F(UiRoutesTest, LoginNeedsTheMatchingCookieAndAKnownTokenOfADashboardRole) {
  httplib::Client client = Client();
  const std::string form = absl::StrCat("csrf=abc&token=", tokens_[Role::kAdmin]);
  const char* type = "application/x-www-form-urlencoded";
  EXPECT_EQ(client.Post("/ui/login", form, type)->status, 403);  // no cookie
  EXPECT_EQ(client.Post("/ui/login", {{"Cookie", "clearhost_login=abd"}}, form, type)->status, 403);
  const httplib::Result wrong = client.Post("/ui/login", {{"Cookie", "clearhost_login=abc"}},
                                            "csrf=abc&token=chk_nope", type);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_NE(wrong->body.find("Unknown or revoked token"), std::string::npos);
  EXPECT_EQ(SetCookie(wrong, "clearhost_session"), "");
  EXPECT_EQ(LogIn(Role::kNotifier, 403), "");
  const std::string session = LogIn(Role::kAuditor);
  EXPECT_EQ(session.size(), 64u);
}

TEST_F(UiRoutesTest, PagesNeedASessionAndPostsTheSessionsCsrfToken) {
  httplib::Client client = Client();
  const httplib::Result anonymous = client.Get("/ui");
  EXPECT_EQ(anonymous->status, 303);
  EXPECT_EQ(anonymous->get_header_value("Location"), "/ui/login");
  EXPECT_EQ(client.Get("/ui/charts", Session("00"))->status, 303);

  const std::string session = LogIn(Role::kOperator);
  const httplib::Result cases = client.Get("/ui", Session(session));
  ASSERT_EQ(cases->status, 200);
  EXPECT_EQ(cases->get_header_value("Content-Security-Policy"), kUiContentSecurityPolicy);
  const std::string csrf = HiddenCsrf(cases->body);
  ASSERT_EQ(csrf.size(), 64u);
  const char* type = "application/x-www-form-urlencoded";
  EXPECT_EQ(client.Post("/ui/logout", Session(session), "", type)->status, 403);
  EXPECT_EQ(client.Post("/ui/logout", Session(session), "csrf=" + RandomToken(), type)->status,
            403);
  EXPECT_EQ(client.Post("/ui/logout", "csrf=" + csrf, type)->status, 403);  // no session
  EXPECT_EQ(client.Get("/ui", Session(session))->status, 200);              // still logged in

  const httplib::Result logout = client.Post("/ui/logout", Session(session), "csrf=" + csrf, type);
  EXPECT_EQ(logout->status, 303);
  EXPECT_NE(SetCookie(logout, "clearhost_session").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(client.Get("/ui", Session(session))->status, 303);
}

TEST_F(UiRoutesTest, ReadOnlyRolesSeeNoFormsAndCannotPostTransitions) {
  OpenCase();
  httplib::Client client = Client();
  const std::string session = LogIn(Role::kRegulator);
  const httplib::Result page = client.Get("/ui/cases/1", Session(session));
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_EQ(page->body.find("/transitions"), std::string::npos);
  const httplib::Result post =
      client.Post("/ui/cases/1/transitions", Session(session),
                  absl::StrCat("csrf=", HiddenCsrf(page->body), "&to=assessing"),
                  "application/x-www-form-urlencoded");
  EXPECT_EQ(post->status, 403);
  EXPECT_EQ(client.Get("/ui/cases/99", Session(session))->status, 404);
}

TEST_F(UiRoutesTest, DataIsEscapedInThePages) {
  OpenCase();
  httplib::Client client = Client();
  const std::string session = LogIn(Role::kAdmin);
  for (const char* path : {"/ui", "/ui/cases/1"}) {
    const httplib::Result page = client.Get(path, Session(session));
    ASSERT_EQ(page->status, 200) << path;
    EXPECT_EQ(page->body.find("<b>bold</b>"), std::string::npos) << path;
    EXPECT_NE(page->body.find("&lt;b&gt;bold&lt;/b&gt;"), std::string::npos) << path;
  }
}

}  // namespace
}  // namespace clearhost::server
