// The dashboard end to end: the real `clearhost serve` on loopback (SQLite), tokens made with
// the CLI, cases opened through the JSON API (one already overdue), and a browser session in
// headless Chromium driven by tests/e2e/dashboard/dashboard.mjs (playwright-core): login, the
// overdue case first, a transition through the form, the charts, POSTs without a CSRF token
// refused, no console error or CSP violation. The JSON API then shows the transition.
// Screenshots: <build>/tests/artefacts/dashboard-*.png.
//
// Needs node, playwright-core (./run installs it into <build>/node; CLEARHOST_PLAYWRIGHT_DIR
// overrides) and /usr/bin/chromium; without them the test skips, or fails when
// CLEARHOST_REQUIRE_BROWSER=1 (CI).
#include <gtest/gtest.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "cases/deadline_policy.h"
#include "core/clock.h"
#include "core/iso_time.h"
#include "support/server_process.h"
#include "support/test_support.h"

namespace clearhost::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kChromium = "/usr/bin/chromium";

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

// Why the browser test cannot run here ("" when it can).
std::string MissingBrowserTools(const fs::path& playwright) {
  if (!ProgramOnPath("node")) return "node is not installed";
  if (!fs::exists(playwright / "node_modules/playwright-core/package.json")) {
    return absl::StrCat("playwright-core is not in ", playwright.string(),
                        " (./run test installs it; or set CLEARHOST_PLAYWRIGHT_DIR)");
  }
  if (!fs::exists(kChromium)) return "Debian's chromium is not installed";
  return "";
}

nlohmann::json Notice(const std::string& type, const std::string& reference, int64_t received_at) {
  return {{"source_type", type},
          {"reference", reference},
          {"urls", {absl::StrCat("https://files.example.net/", reference, ".jpg")}},
          {"ip", "192.0.2.10"},
          {"reason", "Known material, hotline assessment"},
          {"legal_basis", "NL Sr art. 252"},
          {"member_state", "NL"},
          {"received_at", IsoTime(received_at)}};
}

TEST(DashboardTest, OperatorActionsTheOverdueCaseInHeadlessChromium) {
  const fs::path build = ClearhostBinary().parent_path();
  const fs::path playwright = EnvOr("CLEARHOST_PLAYWRIGHT_DIR", (build / "node").string());
  const std::string missing = MissingBrowserTools(playwright);
  if (!missing.empty()) {
    if (EnvOr("CLEARHOST_REQUIRE_BROWSER", "") == "1") FAIL() << missing;
    GTEST_SKIP() << "dashboard browser test skipped: " << missing;
  }

  ScratchDir dir;
  const std::string url = absl::StrCat("sqlite:", (dir.path() / "store.db").string());
  const std::string token = CreateApiToken(url, "operator", "desk-nl");
  ASSERT_FALSE(token.empty());
  const fs::path log = dir.path() / "serve.log";
  ServerProcess server(url, log);
  ASSERT_TRUE(server.started()) << ReadText(log);
  ApiClient api(server.port(), token);

  // A hotline notice received 30 h ago (deadline 24 h: overdue by 6 h), an order with 12 h left,
  // a hotline notice with 24 h left, and one removed and confirmed gone (for the charts).
  const int64_t now = SystemClockMicros();
  std::vector<int64_t> ids;
  for (const auto& [type, reference, received] :
       std::vector<std::tuple<std::string, std::string, int64_t>>{
           {"hotline", "HL-OVERDUE", now - 30 * cases::kMicrosPerHour},
           {"hotline", "HL-FRESH", now},
           {"removal_order", "ATKM-1", now},
           {"trusted_flagger", "TF-GONE", now - 2 * cases::kMicrosPerHour}}) {
    const HttpReply created = api.Post("/v1/notices", Notice(type, reference, received));
    ASSERT_EQ(created.status, 201) << created.text;
    ids.push_back(created.body["case"]["id"]);
  }
  ASSERT_EQ(api.Get(absl::StrCat("/v1/cases/", ids[0])).body["overdue"], true);
  for (const nlohmann::json& step : {nlohmann::json{{"to", "actioned"}, {"action", "removed"}},
                                     nlohmann::json{{"to", "confirmed_gone"}}}) {
    const HttpReply moved = api.Post(absl::StrCat("/v1/cases/", ids[3], "/transitions"), step);
    ASSERT_EQ(moved.status, 200) << moved.text;
  }

  // A bank for the banks page (the SQLite --db is the bank store too).
  const HttpReply bank =
      api.Post("/v1/banks", nlohmann::json{{"name", "demo-bank"}, {"source", "generated"}});
  EXPECT_EQ(bank.status, 201) << bank.text;

  const fs::path artefacts = build / "tests/artefacts";
  setenv("CLEARHOST_PLAYWRIGHT_DIR", playwright.c_str(), 1);
  setenv("CLEARHOST_URL", absl::StrCat("http://127.0.0.1:", server.port()).c_str(), 1);
  setenv("CLEARHOST_TOKEN", token.c_str(), 1);
  setenv("CLEARHOST_OVERDUE_CASE", std::to_string(ids[0]).c_str(), 1);
  setenv("CLEARHOST_ARTEFACTS", artefacts.c_str(), 1);
  setenv("CLEARHOST_CHROMIUM", kChromium, 1);
  // __FILE__ is relative to the build directory (Ninja) or absolute (either works with /).
  const fs::path script =
      (build / fs::path(__FILE__)).lexically_normal().parent_path() / "dashboard/dashboard.mjs";
  const CommandResult browser = RunProgram({"timeout", "90", "node", script.string()});
  EXPECT_EQ(browser.exit_code, 0) << browser.out << browser.err;
  EXPECT_NE(browser.out.find("dashboard: ok"), std::string::npos) << browser.out << browser.err;
  for (const char* shot : {"login", "cases", "case", "case-actioned", "charts", "banks"}) {
    EXPECT_TRUE(fs::exists(artefacts / absl::StrCat("dashboard-", shot, ".png"))) << shot;
  }

  // The JSON API sees the form's transition, made as the session's principal.
  const HttpReply overdue = api.Get(absl::StrCat("/v1/cases/", ids[0]));
  EXPECT_EQ(overdue.body["state"], "actioned") << overdue.text;
  EXPECT_EQ(overdue.body["action"], "removed") << overdue.text;
  const HttpReply events = api.Get(absl::StrCat("/v1/cases/", ids[0], "/events"));
  ASSERT_EQ(events.status, 200);
  const nlohmann::json& last = events.body["events"].back();
  EXPECT_EQ(last["actor"], "desk-nl");
  EXPECT_EQ(last["to"], "actioned");
  EXPECT_EQ(last["note"], "removed by the dashboard test");
  EXPECT_EQ(events.body["events"].size(), 2u);  // opened, actioned: the refused POSTs did nothing
  // The server log has the requests but never the token.
  const std::string logged = ReadText(log);
  EXPECT_NE(logged.find("/ui/login"), std::string::npos);
  EXPECT_EQ(logged.find(token), std::string::npos);
}

}  // namespace
}  // namespace clearhost::testing
