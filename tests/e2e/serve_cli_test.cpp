// End-to-end tests of `clearhost serve`: the real binary on loopback over SQLite and
// PostgreSQL: intake -> action -> statement of reasons -> transparency report, the role x route
// authorization matrix, bad input, kill -9 during intake, two servers on one database,
// deadline alerts, and proof that no scanned content reaches the database or the logs.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "support/server_process.h"
#include "support/sql_backends.h"
#include "support/test_support.h"

namespace clearhost::testing {
namespace {

namespace fs = std::filesystem;

nlohmann::json HotlineNotice(const std::string& reference) {
  return {{"source_type", "hotline"},
          {"reference", reference},
          {"urls", {absl::StrCat("https://files.example.net/", reference, ".jpg")}},
          {"ip", "192.0.2.10"},
          {"reason", "Known material, hotline assessment"},
          {"legal_basis", "NL Sr art. 252"}};
}

class ServeTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    CLEARHOST_REQUIRE_SQL_BACKEND(GetParam());
    Result<std::string> url = FreshDatabaseUrl(GetParam(), dir_.path());
    ASSERT_TRUE(url.ok()) << url.status();
    url_ = *url;
    for (const char* role : {"admin", "operator", "notifier", "regulator", "auditor"}) {
      tokens_[role] = MustCreateToken(role, absl::StrCat(role, "-org"));
    }
    Start();
  }

  std::string MustCreateToken(const std::string& role, const std::string& principal) {
    return CreateApiToken(url_, role, principal);
  }

  void Start(const std::vector<std::string>& extra = {}) {
    server_.emplace(url_, log_, extra);
    ASSERT_TRUE(server_->started()) << ReadText(log_);
  }

  ApiClient As(const std::string& role) { return ApiClient(server_->port(), tokens_.at(role)); }

  ScratchDir dir_;
  fs::path log_ = dir_.path() / "serve.log";
  std::string url_;
  std::map<std::string, std::string> tokens_;
  std::optional<ServerProcess> server_;
};

TEST_P(ServeTest, AnswersHealthAndStopsCleanlyOnSigterm) {
  ApiClient anonymous(server_->port(), "");
  const HttpReply health = anonymous.Get("/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body["status"], "ok");
  EXPECT_EQ(server_->Terminate(), 0);
  EXPECT_NE(ReadText(log_).find("stopped"), std::string::npos);
}

// Hand-computed median of durations in seconds (the report's definition: mean of the middle
// two for an even count).
double MedianSeconds(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double SecondsBetween(const std::string& from, const std::string& to) {
  const auto micros = [](const std::string& iso) {
    std::tm time{};
    strptime(iso.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &time);
    return double(timegm(&time)) + std::stod(iso.substr(19, 7));
  };
  return micros(to) - micros(from);
}

TEST_P(ServeTest, IntakeActionStatementAndTransparencyReport) {
  ApiClient notifier = As("notifier");
  ApiClient operator_desk = As("operator");
  ApiClient regulator = As("regulator");
  // Three hotline notices and one removal order; two notices removed, one rejected; the
  // order disabled.
  std::vector<int64_t> ids;
  for (const std::string reference : {"HL-1", "HL-2", "HL-3"}) {
    const HttpReply created = notifier.Post("/v1/notices", HotlineNotice(reference));
    ASSERT_EQ(created.status, 201) << created.text;
    EXPECT_EQ(created.body["case"]["sender"], "notifier-org");
    ids.push_back(created.body["case"]["id"]);
  }
  nlohmann::json order = HotlineNotice("ATKM-1");
  order["source_type"] = "removal_order";
  order["member_state"] = "NL";
  order["legal_basis"] = "ATKM";
  const HttpReply order_created = regulator.Post("/v1/notices", order);
  ASSERT_EQ(order_created.status, 201) << order_created.text;
  ids.push_back(order_created.body["case"]["id"]);

  const auto move = [&](int64_t id, nlohmann::json body) {
    const HttpReply reply =
        operator_desk.Post(absl::StrCat("/v1/cases/", id, "/transitions"), body);
    EXPECT_EQ(reply.status, 200) << reply.text;
    return reply.body;
  };
  move(ids[0], {{"to", "assessing"}});
  move(ids[0], {{"to", "actioned"}, {"action", "removed"}});
  move(ids[1], {{"to", "actioned"}, {"action", "removed"}});
  move(ids[2], {{"to", "rejected"}, {"reason", "not illegal"}});
  move(ids[3], {{"to", "assessing"}});
  move(ids[3], {{"to", "actioned"}, {"action", "disabled"}});

  // The statement of reasons of an actioned case, in the Transparency Database's shape.
  const HttpReply statement = operator_desk.Get(absl::StrCat("/v1/cases/", ids[0], "/statement"));
  ASSERT_EQ(statement.status, 200) << statement.text;
  EXPECT_EQ(statement.body["decision_ground"], "DECISION_GROUND_ILLEGAL_CONTENT");
  EXPECT_EQ(statement.body["category"], "STATEMENT_CATEGORY_PROTECTION_OF_MINORS");
  EXPECT_EQ(statement.body["decision_visibility"][0], "DECISION_VISIBILITY_CONTENT_REMOVED");
  EXPECT_EQ(statement.body["illegal_content_legal_ground"], "NL Sr art. 252");
  EXPECT_EQ(operator_desk.Get(absl::StrCat("/v1/cases/", ids[2], "/statement")).status, 409);

  // Hand-computed figures from the cases as the API reports them.
  std::vector<double> notice_times;
  std::vector<double> order_acknowledge;
  std::vector<double> order_effect;
  for (const int64_t id : ids) {
    const nlohmann::json item = operator_desk.Get(absl::StrCat("/v1/cases/", id)).body;
    const std::string received = item["received_at"];
    if (item["source_type"] == "removal_order") {
      order_acknowledge.push_back(SecondsBetween(received, item["acknowledged_at"]));
      order_effect.push_back(SecondsBetween(received, item["actioned_at"]));
    } else {
      const std::string acted =
          item["actioned_at"].is_null() ? item["closed_at"] : item["actioned_at"];
      notice_times.push_back(SecondsBetween(received, acted));
    }
  }
  const HttpReply report = regulator.Get("/v1/reports/transparency?from=2000-01-01&to=2100-01-01");
  ASSERT_EQ(report.status, 200) << report.text;
  const std::string text = report.text;
  const nlohmann::json& body = report.body;
  EXPECT_EQ(body["cases"], 4) << text;
  EXPECT_EQ(body["orders"]["all"]["count"], 1) << text;
  EXPECT_EQ(body["orders"]["all"]["not_yet_given_effect"], 0) << text;
  EXPECT_NEAR(body["orders"]["all"]["median_seconds_to_acknowledge"].get<double>(),
              MedianSeconds(order_acknowledge), 0.0015)
      << text;
  EXPECT_NEAR(body["orders"]["all"]["median_seconds_to_give_effect"].get<double>(),
              MedianSeconds(order_effect), 0.0015)
      << text;
  EXPECT_EQ(body["orders"]["by_member_state"]["NL"]["count"], 1) << text;
  EXPECT_EQ(body["notices"]["all"]["count"], 3) << text;
  EXPECT_EQ(body["notices"]["all"]["removed"], 2) << text;
  EXPECT_EQ(body["notices"]["all"]["rejected"], 1) << text;
  EXPECT_NEAR(body["notices"]["all"]["median_seconds_to_act"].get<double>(),
              MedianSeconds(notice_times), 0.0015)
      << text;
  const HttpReply csv =
      regulator.Get("/v1/reports/transparency?from=2000-01-01&to=2100-01-01&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.text.find("section,breakdown,group,figure,value"), std::string::npos);

  // Every change is in the audit log, and the chain holds.
  const HttpReply audit = ApiClient(server_->port(), tokens_.at("auditor")).Get("/v1/audit/verify");
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.body["intact"], true);
  EXPECT_EQ(audit.body["records"], 5 + 4 + 6);  // tokens, cases opened, transitions
}

TEST_P(ServeTest, TheSameNoticeTwiceOpensOneCase) {
  ApiClient notifier = As("notifier");
  const HttpReply first = notifier.Post("/v1/notices", HotlineNotice("DUP-1"));
  const HttpReply second = notifier.Post("/v1/notices", HotlineNotice("DUP-1"));
  EXPECT_EQ(first.status, 201);
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body["created"], false);
  EXPECT_EQ(first.body["case"]["id"], second.body["case"]["id"]);
}

// Which roles may call each route (docs/api.md's matrix).
struct RouteCase {
  std::string method;
  std::string path;
  std::set<std::string> allowed;
};

TEST_P(ServeTest, EveryRoleAndRouteCombination) {
  // A case of the notifier's, actioned, so every route has something to answer.
  const HttpReply created = As("notifier").Post("/v1/notices", HotlineNotice("M-1"));
  ASSERT_EQ(created.status, 201);
  const int64_t id = created.body["case"]["id"];
  ASSERT_EQ(As("operator")
                .Post(absl::StrCat("/v1/cases/", id, "/transitions"),
                      nlohmann::json{{"to", "actioned"}, {"action", "removed"}})
                .status,
            200);
  const std::string case_path = absl::StrCat("/v1/cases/", id);
  const std::vector<RouteCase> routes = {
      {"POST", "/v1/notices", {"admin", "operator", "notifier", "regulator"}},
      {"GET", "/v1/cases", {"admin", "operator", "notifier", "regulator", "auditor"}},
      {"GET", case_path, {"admin", "operator", "notifier", "regulator", "auditor"}},
      {"GET", case_path + "/events", {"admin", "operator", "notifier", "regulator", "auditor"}},
      {"POST", case_path + "/transitions", {"admin", "operator"}},
      {"GET", case_path + "/statement", {"admin", "operator", "regulator", "auditor"}},
      {"GET",
       "/v1/reports/transparency?from=2000-01-01&to=2100-01-01",
       {"admin", "operator", "regulator", "auditor"}},
      {"GET", "/v1/deadlines", {"admin", "operator"}},
      {"GET", "/v1/audit/verify", {"admin", "auditor"}},
      {"GET", "/v1/whoami", {"admin", "operator", "notifier", "regulator", "auditor"}},
  };
  int checked = 0;
  for (const RouteCase& route : routes) {
    for (const auto& [role, token] : tokens_) {
      ApiClient client(server_->port(), token);
      // Bodies that pass authorization; what they do afterwards does not matter here.
      nlohmann::json body = route.path == "/v1/notices" ? HotlineNotice("M-" + role)
                                                        : nlohmann::json{{"to", "confirmed_gone"}};
      if (route.path == "/v1/notices" && role == "regulator") body["source_type"] = "removal_order";
      const HttpReply reply =
          route.method == "GET" ? client.Get(route.path) : client.Post(route.path, body);
      if (route.allowed.contains(role)) {
        EXPECT_NE(reply.status, 403) << role << " " << route.method << " " << route.path;
        EXPECT_NE(reply.status, 401) << role << " " << route.method << " " << route.path;
        EXPECT_LT(reply.status, 500) << role << " " << route.path << ": " << reply.text;
      } else {
        EXPECT_EQ(reply.status, 403) << role << " " << route.method << " " << route.path;
        EXPECT_EQ(reply.body["error"]["code"], "permission_denied");
      }
      ++checked;
    }
    // No token, a malformed one, an unknown one: 401 everywhere.
    for (const std::string& token :
         {std::string(), std::string("nonsense"), "chk_" + std::string(64, '0')}) {
      ApiClient client(server_->port(), token);
      const HttpReply reply = route.method == "GET" ? client.Get(route.path)
                                                    : client.Post(route.path, std::string("{}"));
      EXPECT_EQ(reply.status, 401) << route.path;
      EXPECT_EQ(reply.body["error"]["code"], "unauthenticated");
    }
  }
  EXPECT_EQ(checked, 50);
}

TEST_P(ServeTest, ANotifierSeesOnlyItsOwnCasesAndSendsAsItself) {
  const std::string other = MustCreateToken("notifier", "other-hotline");
  ApiClient mine = As("notifier");
  ApiClient theirs(server_->port(), other);
  const HttpReply created = mine.Post("/v1/notices", HotlineNotice("OWN-1"));
  ASSERT_EQ(created.status, 201);
  const int64_t id = created.body["case"]["id"];
  EXPECT_EQ(theirs.Get(absl::StrCat("/v1/cases/", id)).status, 404);
  EXPECT_EQ(theirs.Get(absl::StrCat("/v1/cases/", id, "/events")).status, 404);
  EXPECT_TRUE(theirs.Get("/v1/cases?sender=notifier-org").body["cases"].empty());
  EXPECT_EQ(mine.Get("/v1/cases").body["cases"].size(), 1u);
  nlohmann::json impersonation = HotlineNotice("OWN-2");
  impersonation["sender"] = "notifier-org";
  EXPECT_EQ(theirs.Post("/v1/notices", impersonation).status, 403);
  nlohmann::json order = HotlineNotice("OWN-3");
  order["source_type"] = "removal_order";
  EXPECT_EQ(mine.Post("/v1/notices", order).status, 403);
}

TEST_P(ServeTest, ARevokedTokenIsRefused) {
  ApiClient auditor = As("auditor");
  ASSERT_EQ(auditor.Get("/v1/whoami").status, 200);
  const int64_t id = auditor.Get("/v1/whoami").body["token_id"];
  const CommandResult revoked =
      RunClearhost({"tokens", "revoke", "--db", url_, std::to_string(id)});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_EQ(auditor.Get("/v1/whoami").status, 401);
}

TEST_P(ServeTest, BadInputIsRefusedWithAClearErrorAndNothingStored) {
  ApiClient desk = As("operator");
  const auto refused = [&](const std::string& body, int status, const std::string& words) {
    const HttpReply reply = desk.Post("/v1/notices", body);
    EXPECT_EQ(reply.status, status) << body << " -> " << reply.text;
    ASSERT_TRUE(reply.body.is_object()) << reply.text;
    const std::string message = reply.body["error"]["message"];
    EXPECT_NE(message.find(words), std::string::npos) << message;
  };
  refused("{\"source_type\": \"hotline\", ", 400, "not valid JSON");
  refused("[]", 400, "JSON object");
  refused(HotlineNotice("B").dump().replace(1, 0, "\"colour\": \"red\", "), 400, "colour");
  nlohmann::json notice = HotlineNotice("B");
  notice["urls"] = "https://one.example/x";
  refused(notice.dump(), 400, "urls");
  notice = HotlineNotice("B");
  notice["urls"] = {"javascript:alert(1)"};
  refused(notice.dump(), 400, "urls[0]");
  notice = HotlineNotice("B");
  notice["automated_detection"] = "yes";
  refused(notice.dump(), 400, "automated_detection");
  notice = HotlineNotice("B");
  notice["source_type"] = "removal_order";
  notice["order_deadline"] = "2001-01-01T00:00:00Z";
  refused(notice.dump(), 400, "passed");
  notice = HotlineNotice("B");
  notice["ip"] = "1.2.3.4'; DROP TABLE cases; --";
  refused(notice.dump(), 400, "ip");
  notice = HotlineNotice("B");
  notice["reason"] = std::string(2 << 20, 'x');
  const HttpReply oversize = desk.Post("/v1/notices", notice);
  EXPECT_EQ(oversize.status, 413) << oversize.text.substr(0, 200);
  EXPECT_EQ(desk.Post("/v1/cases/1/transitions", std::string("{\"to\": 5}")).status, 400);
  EXPECT_EQ(desk.Get("/v1/cases?limit=abc").status, 400);
  EXPECT_EQ(desk.Get("/v1/cases?colour=red").status, 400);
  EXPECT_EQ(desk.Get("/v1/nothing-here").status, 404);
  // SQL metacharacters in valid fields are text like any other.
  notice = HotlineNotice("x'); DELETE FROM cases; --");
  notice["urls"] = {"https://files.example.net/quote'semicolon;dash--"};
  const HttpReply stored = desk.Post("/v1/notices", notice);
  ASSERT_EQ(stored.status, 201) << stored.text;
  EXPECT_EQ(stored.body["case"]["reference"], "x'); DELETE FROM cases; --");
  EXPECT_EQ(desk.Get("/v1/cases").body["cases"].size(), 1u);
}

TEST_P(ServeTest, KillDuringIntakeLosesAndDuplicatesNothing) {
  ApiClient notifier = As("notifier");
  std::set<std::string> accepted;  // the sender thread's until it is joined
  std::atomic<int> accepted_count{0};
  std::atomic<bool> stop{false};
  std::atomic<int> sent{0};
  std::thread sender([&] {
    for (int i = 0; !stop.load() && i < 100000; ++i) {
      const std::string reference = absl::StrCat("K-", i);
      sent = i + 1;
      const HttpReply reply = notifier.Post("/v1/notices", HotlineNotice(reference));
      if (reply.status == 201) {
        accepted.insert(reference);
        ++accepted_count;
      }
      if (reply.status == 0) break;  // the server is gone
    }
  });
  // Kill once intake is in full swing (however fast this machine is), at an arbitrary moment.
  for (int wait = 0; wait < 2000 && accepted_count.load() < 20; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(std::rand() % 50));
  server_->Kill();
  stop = true;
  sender.join();
  ASSERT_GE(accepted.size(), 20u) << "too few notices before the kill to mean anything";
  Start();
  // The sender retries everything it sent, the one in flight at the kill included.
  ApiClient again = As("notifier");
  for (int i = 0; i < sent.load(); ++i) {
    const HttpReply reply = again.Post("/v1/notices", HotlineNotice(absl::StrCat("K-", i)));
    ASSERT_TRUE(reply.status == 200 || reply.status == 201) << reply.text;
    if (accepted.contains(absl::StrCat("K-", i))) {
      EXPECT_EQ(reply.status, 200) << "accepted notice K-" << i << " was lost";
    }
  }
  std::set<std::string> references;
  int64_t before_id = 0;
  while (true) {
    const std::string page = before_id == 0
                                 ? "/v1/cases?limit=1000"
                                 : absl::StrCat("/v1/cases?limit=1000&before_id=", before_id);
    const HttpReply listed = As("operator").Get(page);
    ASSERT_EQ(listed.status, 200);
    for (const auto& item : listed.body["cases"]) {
      EXPECT_TRUE(references.insert(item["reference"].get<std::string>()).second)
          << "duplicate " << item["reference"];
    }
    if (!listed.body.contains("next_before_id")) break;
    before_id = listed.body["next_before_id"];
  }
  EXPECT_EQ(references.size(), static_cast<size_t>(sent.load()));
  EXPECT_EQ(As("auditor").Get("/v1/audit/verify").body["intact"], true);
}

TEST_P(ServeTest, TwoServersOnOneDatabaseDoNotDoubleProcessACase) {
  ServerProcess second(url_, dir_.path() / "second.log");
  ASSERT_TRUE(second.started()) << ReadText(dir_.path() / "second.log");
  for (int round = 0; round < 5; ++round) {
    const HttpReply created =
        As("notifier").Post("/v1/notices", HotlineNotice(absl::StrCat("TWO-", round)));
    ASSERT_EQ(created.status, 201);
    const int64_t id = created.body["case"]["id"];
    const int64_t version = created.body["case"]["version"];
    const nlohmann::json action = {
        {"to", "actioned"}, {"action", "removed"}, {"expected_version", version}};
    std::vector<int> statuses(4);
    std::vector<std::thread> workers;
    for (int i = 0; i < 4; ++i) {
      workers.emplace_back([&, i] {
        ApiClient client(i % 2 == 0 ? server_->port() : second.port(), tokens_.at("operator"));
        statuses[i] = client.Post(absl::StrCat("/v1/cases/", id, "/transitions"), action).status;
      });
    }
    for (std::thread& worker : workers) worker.join();
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), 3);
    const HttpReply events = As("operator").Get(absl::StrCat("/v1/cases/", id, "/events"));
    EXPECT_EQ(events.body["events"].size(), 2u);
  }
  EXPECT_EQ(As("auditor").Get("/v1/audit/verify").body["intact"], true);
}

// A loopback webhook receiver that keeps every alert.
class AlertReceiver {
 public:
  AlertReceiver() {
    server_.Post("/alerts", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard lock(mutex_);
      alerts_.push_back(nlohmann::json::parse(request.body));
      response.status = 204;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~AlertReceiver() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return absl::StrCat("http://127.0.0.1:", port_, "/alerts"); }
  std::vector<nlohmann::json> alerts() {
    std::lock_guard lock(mutex_);
    return alerts_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<nlohmann::json> alerts_;
};

TEST_P(ServeTest, AnAlertGoesOutOnceBeforeADeadline) {
  AlertReceiver receiver;
  server_->Terminate();
  Start({"--alert-webhook", receiver.url(), "--alert-before", "2", "--alert-interval-ms", "100"});
  nlohmann::json urgent = HotlineNotice("URGENT");
  urgent["source_type"] = "removal_order";
  urgent["order_deadline"] = "2100-01-01T00:00:00Z";  // capped at 12 h from now: no alert
  ASSERT_EQ(As("regulator").Post("/v1/notices", urgent).status, 201);
  nlohmann::json tco = HotlineNotice("TCO");
  tco["source_type"] = "removal_order";
  tco["legal_basis"] = "Regulation (EU) 2021/784 (TCO)";  // one hour: within the alert window
  const HttpReply created = As("regulator").Post("/v1/notices", tco);
  ASSERT_EQ(created.status, 201);
  for (int wait = 0; wait < 100 && receiver.alerts().empty(); ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // rounds that must not repeat it
  const std::vector<nlohmann::json> alerts = receiver.alerts();
  ASSERT_EQ(alerts.size(), 1u) << ReadText(log_);
  EXPECT_EQ(alerts[0]["event"], "deadline_due");
  EXPECT_EQ(alerts[0]["case"]["id"], created.body["case"]["id"]);
}

TEST_P(ServeTest, ScannedContentNeverReachesTheDatabaseOrTheLogs) {
  // A generated picture, hashed by the real binary; the proactive-match notice carries its
  // hashes and nothing else of it.
  const fs::path picture = dir_.path() / "upload.png";
  const std::vector<uint8_t> bytes = EncodePng(MakeTestPicture(320, 240, 77));
  WriteFile(picture, bytes);
  const CommandResult hashed = RunClearhost({"hash", picture.string()});
  ASSERT_EQ(hashed.exit_code, 0) << hashed.err;
  const nlohmann::json hash = JsonLines(hashed.out).at(0);
  nlohmann::json notice = HotlineNotice("SCAN-1");
  notice["source_type"] = "proactive_match";
  notice["automated_detection"] = true;
  notice["hashes"] = {{{"signal_type", "pdq"}, {"value", hash["pdq"]}},
                      {{"signal_type", "sha256"}, {"value", hash["sha256"]}}};
  ASSERT_EQ(As("operator").Post("/v1/notices", notice).status, 201);
  server_->Terminate();
  // Every file the database and the server wrote, searched for any 32-byte run of the picture.
  std::string written = ReadText(log_);
  if (GetParam() == "sqlite") {
    for (const auto& entry : fs::directory_iterator(dir_.path())) {
      if (entry.path().filename().string().starts_with("store.db")) {
        written += ReadText(entry.path());
      }
    }
  } else {
    const CommandResult dump =
        RunProgram({"pg_dump", "--data-only", "--dbname", url_.substr(0, url_.find('?'))});
    ASSERT_EQ(dump.exit_code, 0) << dump.err;
    written += dump.out;
  }
  ASSERT_NE(written.find(hash["sha256"].get<std::string>()), std::string::npos)
      << "the hash itself should be stored";
  for (size_t offset = 0; offset + 32 <= bytes.size(); offset += 16) {
    const std::string run(bytes.begin() + offset, bytes.begin() + offset + 32);
    ASSERT_EQ(written.find(run), std::string::npos) << "picture bytes at offset " << offset;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ServeTest, ::testing::ValuesIn(SqlBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace clearhost::testing
