// End-to-end tests of the matching API of `clearhost serve` (the real binary on loopback, over
// SQLite and over PostgreSQL with a --banks file): banks and signals, /v1/match single and
// batch, /v1/hash of uploads with matching, allowlists and disputes, /ready and /metrics, bad
// input and slow clients, and index changes under load without a failed request.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "support/server_process.h"
#include "support/sql_backends.h"
#include "support/test_support.h"

namespace clearhost::testing {
namespace {

namespace fs = std::filesystem;

std::string AsString(const std::vector<uint8_t>& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

nlohmann::json Signal(const std::string& type, const std::string& value) {
  return {{"type", type}, {"value", value}};
}

// A PDQ hash `bits` bits away from `hex` (the lowest bits of the last digits flipped).
std::string FlipBits(std::string hex, int bits) {
  for (int i = 0; i < bits; ++i) {
    char& digit = hex[hex.size() - 1 - size_t(i / 4)];
    const int value = std::stoi(std::string(1, digit), nullptr, 16) ^ (1 << (i % 4));
    digit = "0123456789abcdef"[value];
  }
  return hex;
}

class ServeMatchTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    CLEARHOST_REQUIRE_SQL_BACKEND(GetParam());
    Result<std::string> url = FreshDatabaseUrl(GetParam(), dir_.path());
    ASSERT_TRUE(url.ok()) << url.status();
    url_ = *url;
    for (const char* role : {"admin", "operator", "notifier", "regulator"}) {
      tokens_[role] = CreateApiToken(url_, role, role + std::string("-org"));
    }
  }

  void Start(std::vector<std::string> extra = {}) {
    // SQLite keeps the banks in the --db file; PostgreSQL needs a --banks file.
    if (GetParam() == "postgresql") {
      extra.insert(extra.end(), {"--banks", (dir_.path() / "banks.db").string()});
    }
    extra.insert(extra.end(), {"--index-refresh-ms", "100"});
    server_.emplace(url_, log_, extra);
    ASSERT_TRUE(server_->started()) << ReadText(log_);
  }

  ApiClient As(const std::string& role) { return ApiClient(server_->port(), tokens_.at(role)); }

  // The PDQ hash /v1/hash gives a picture.
  std::string PdqOf(const std::string& bytes) {
    const HttpReply hashed = As("operator").PostBytes("/v1/hash", bytes, "image/png");
    EXPECT_EQ(hashed.status, 200) << hashed.text;
    return hashed.body.value("pdq", "");
  }

  void CreateBank(const nlohmann::json& settings) {
    const HttpReply created = As("admin").Post("/v1/banks", settings);
    ASSERT_EQ(created.status, 201) << created.text;
  }

  // `signals`: one signal object or an array of them.
  void AddSignals(const std::string& bank, const nlohmann::json& signals) {
    const nlohmann::json list = signals.is_array() ? signals : nlohmann::json::array({signals});
    const HttpReply added =
        As("operator").Post(absl::StrCat("/v1/banks/", bank, "/signals"), {{"signals", list}});
    ASSERT_EQ(added.status, 200) << added.text;
  }

  ScratchDir dir_;
  fs::path log_ = dir_.path() / "serve.log";
  std::string url_;
  std::map<std::string, std::string> tokens_;
  std::optional<ServerProcess> server_;
};

TEST_P(ServeMatchTest, BanksSignalsAndMatchesSingleAndBatch) {
  ASSERT_NO_FATAL_FAILURE(Start());
  const std::string picture = AsString(EncodePng(MakeTestPicture(320, 240, 11)));
  const std::string pdq = PdqOf(picture);
  ASSERT_EQ(pdq.size(), 64u);
  ASSERT_NO_FATAL_FAILURE(CreateBank({{"name", "known"}, {"source", "hotline test list"}}));
  const std::string md5(32, 'a');
  ASSERT_NO_FATAL_FAILURE(AddSignals("known", {Signal("pdq", pdq), Signal("md5", md5)}));

  // The same signals again change nothing.
  const HttpReply again = As("operator")
                              .Post("/v1/banks/known/signals",
                                    {{"signals", nlohmann::json::array({Signal("pdq", pdq)})}});
  ASSERT_EQ(again.status, 200) << again.text;
  EXPECT_EQ(again.body["added"], 0);
  EXPECT_EQ(again.body["unchanged"], 1);

  const HttpReply single =
      As("operator").Get(absl::StrCat("/v1/match?type=pdq&value=", FlipBits(pdq, 5)));
  ASSERT_EQ(single.status, 200) << single.text;
  ASSERT_EQ(single.body["results"].size(), 1u);
  const nlohmann::json& match = single.body["results"][0]["matches"][0];
  EXPECT_EQ(match["bank"], "known");
  EXPECT_EQ(match["distance"], 5);
  EXPECT_EQ(match["signal"], pdq);
  EXPECT_EQ(match["verdict"], "match");

  const HttpReply batch =
      As("operator")
          .Post("/v1/match", {{"signals",
                               {Signal("pdq", FlipBits(pdq, 31)), Signal("pdq", FlipBits(pdq, 32)),
                                Signal("md5", md5), Signal("sha1", std::string(40, 'b'))}}});
  ASSERT_EQ(batch.status, 200) << batch.text;
  ASSERT_EQ(batch.body["results"].size(), 4u);
  EXPECT_EQ(batch.body["results"][0]["matches"].size(), 1u);  // 31 bits: the default distance
  EXPECT_EQ(batch.body["results"][1]["matches"].size(), 0u);  // 32 bits: beyond it
  EXPECT_EQ(batch.body["results"][2]["matches"][0]["signal"], md5);
  EXPECT_EQ(batch.body["results"][3]["matches"].size(), 0u);
  EXPECT_EQ(batch.body["matched_signals"], 2);

  // A tighter radius on request.
  const HttpReply tight =
      As("operator")
          .Post("/v1/match", {{"signals", nlohmann::json::array({Signal("pdq", FlipBits(pdq, 5))})},
                              {"radius", 4}});
  ASSERT_EQ(tight.status, 200);
  EXPECT_TRUE(tight.body["results"][0]["matches"].empty());

  const HttpReply banks = As("regulator").Get("/v1/banks");
  ASSERT_EQ(banks.status, 200);
  ASSERT_EQ(banks.body["banks"].size(), 1u);
  EXPECT_EQ(banks.body["banks"][0]["entries"], 2);
  EXPECT_EQ(banks.body["banks"][0]["source"], "hotline test list");
}

TEST_P(ServeMatchTest, UploadsAreHashedAndMatchedAllowlistsAndDisputesApply) {
  ASSERT_NO_FATAL_FAILURE(Start());
  const image::RgbImage original = MakeTestPicture(400, 300, 21);
  const std::string png = AsString(EncodePng(original));
  const std::string pdq = PdqOf(png);
  ASSERT_NO_FATAL_FAILURE(CreateBank({{"name", "known"}}));
  ASSERT_NO_FATAL_FAILURE(AddSignals("known", {Signal("pdq", pdq)}));

  // A recompressed copy of the picture matches by PDQ; digests and dihedral hashes come back.
  const std::string jpeg = AsString(EncodeJpeg(original, 70, false));
  const HttpReply hashed =
      As("operator").PostBytes("/v1/hash?match=true&dihedral=true", jpeg, "image/jpeg");
  ASSERT_EQ(hashed.status, 200) << hashed.text;
  EXPECT_EQ(hashed.body["format"], "jpeg");
  EXPECT_EQ(hashed.body["width"], 400);
  EXPECT_EQ(hashed.body["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(hashed.body["dihedral"].size(), 8u);
  ASSERT_EQ(hashed.body["matches"].size(), 1u) << hashed.text;
  const nlohmann::json& found = hashed.body["matches"][0]["matches"][0];
  EXPECT_EQ(found["bank"], "known");
  EXPECT_EQ(found["verdict"], "match");
  const int64_t entry_id = found["entry_id"];

  // An allow bank covering the picture suppresses the match, naming itself.
  ASSERT_NO_FATAL_FAILURE(
      CreateBank({{"name", "stock"}, {"kind", "allow"}, {"match_distance", 8}}));
  ASSERT_NO_FATAL_FAILURE(AddSignals("stock", {Signal("pdq", pdq)}));
  HttpReply suppressed = As("operator").Post("/v1/match", Signal("pdq", pdq));
  ASSERT_EQ(suppressed.status, 200) << suppressed.text;
  EXPECT_EQ(suppressed.body["results"][0]["matches"][0]["verdict"], "suppressed");
  EXPECT_EQ(suppressed.body["results"][0]["matches"][0]["suppressed_by"]["bank"], "stock");
  ASSERT_EQ(As("admin").Delete("/v1/banks/stock").status, 200);

  // A disputed entry stops matching at once; its record says why.
  const HttpReply disputed =
      As("operator")
          .Post(absl::StrCat("/v1/entries/", entry_id, "/status"),
                {{"status", "disputed"}, {"reason", "a stock photo, not known material"}});
  ASSERT_EQ(disputed.status, 200) << disputed.text;
  EXPECT_EQ(disputed.body["status"], "disputed");
  const HttpReply after = As("operator").Post("/v1/match", Signal("pdq", pdq));
  ASSERT_EQ(after.status, 200);
  EXPECT_TRUE(after.body["results"][0]["matches"].empty()) << after.text;

  // A picture that is not one answers 400, and the server goes on.
  const HttpReply garbage =
      As("operator").PostBytes("/v1/hash", "not a picture at all", "image/png");
  EXPECT_EQ(garbage.status, 400) << garbage.text;
  const HttpReply truncated =
      As("operator").PostBytes("/v1/hash", jpeg.substr(0, jpeg.size() / 3), "image/jpeg");
  EXPECT_EQ(truncated.status, 400) << truncated.text;
  EXPECT_EQ(As("operator").PostBytes("/v1/hash", png, "image/png").status, 200);
}

TEST_P(ServeMatchTest, ReadyAndMetricsReportTheServer) {
  ASSERT_NO_FATAL_FAILURE(Start());
  ApiClient anonymous(server_->port(), "");
  EXPECT_EQ(anonymous.Get("/ready").status, 200);
  EXPECT_EQ(anonymous.Get("/metrics").status, 401);
  EXPECT_EQ(As("notifier").Get("/metrics").status, 403);
  ASSERT_NO_FATAL_FAILURE(CreateBank({{"name", "known"}}));
  const std::string pdq(64, 'c');
  ASSERT_NO_FATAL_FAILURE(AddSignals("known", {Signal("pdq", pdq)}));
  ASSERT_EQ(As("operator").Post("/v1/match", Signal("pdq", pdq)).status, 200);
  EXPECT_EQ(anonymous.Get("/no/such/route/12345").status, 404);

  const std::vector<std::string> expected = {
      "clearhost_http_requests_total{route=\"/v1/match\",method=\"POST\",code=\"200\"} 1",
      "clearhost_http_requests_total{route=\"unmatched\",method=\"GET\",code=\"404\"} 1",
      "clearhost_http_requests_total{route=\"/v1/banks/{name}/signals\",method=\"POST\","
      "code=\"200\"} 1",
      "clearhost_http_request_duration_seconds_bucket{route=\"/v1/match\",le=\"+Inf\"} 1",
      "clearhost_index_entries{type=\"pdq\"} 1",
      "clearhost_bank_matches_total{bank=\"known\"} 1",
      "clearhost_match_queries_total 1",
      "clearhost_cases_open 0",
      "clearhost_cases_overdue 0",
      "# TYPE clearhost_http_request_duration_seconds histogram"};
  // A request is counted just after its answer is sent: wait (briefly) for the last ones.
  HttpReply metrics;
  std::vector<std::string> missing;
  for (int attempt = 0; attempt < 50; ++attempt) {
    metrics = As("regulator").Get("/metrics");
    ASSERT_EQ(metrics.status, 200) << metrics.text;
    missing.clear();
    for (const std::string& line : expected) {
      if (metrics.text.find(line) == std::string::npos) missing.push_back(line);
    }
    if (missing.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(missing.empty()) << missing.front() << "\n" << metrics.text;
}

TEST_P(ServeMatchTest, BadInputAndSlowClientsAreRefusedAndTheServerGoesOn) {
  ASSERT_NO_FATAL_FAILURE(Start({"--max-body", "200000", "--read-timeout", "1"}));
  ASSERT_NO_FATAL_FAILURE(CreateBank({{"name", "known"}}));
  ApiClient anonymous(server_->port(), "");
  EXPECT_EQ(anonymous.Post("/v1/match", Signal("pdq", std::string(64, '0'))).status, 401);
  EXPECT_EQ(As("notifier").Post("/v1/match", Signal("pdq", std::string(64, '0'))).status, 403);
  EXPECT_EQ(As("regulator").Post("/v1/banks", {{"name", "x"}}).status, 403);

  const HttpReply bad_signal =
      As("operator")
          .Post("/v1/match",
                {{"signals", nlohmann::json::array(
                                 {Signal("pdq", std::string(64, '0')), Signal("pdq", "12zz")})}});
  EXPECT_EQ(bad_signal.status, 400);
  EXPECT_NE(bad_signal.text.find("signals[1]"), std::string::npos) << bad_signal.text;
  EXPECT_EQ(As("operator").Post("/v1/match", Signal("crc32", "00")).status, 400);
  EXPECT_EQ(As("operator").Post("/v1/match", std::string("{not json")).status, 400);
  EXPECT_EQ(As("operator")
                .Post("/v1/match",
                      {{"signals", nlohmann::json::array({Signal("pdq", std::string(64, '0'))})},
                       {"banks", nlohmann::json::array({"nope"})}})
                .status,
            404);
  nlohmann::json many = nlohmann::json::array();
  for (int i = 0; i < 10'001; ++i)
    many.push_back({{"type", "md5"}, {"value", std::string(32, '1')}});
  // 10,001 signals do not fit 200 kB either way: 413.
  EXPECT_EQ(As("operator").Post("/v1/match", {{"signals", many}}).status, 413);
  EXPECT_EQ(As("operator").PostBytes("/v1/hash", std::string(300'000, 'x'), "image/png").status,
            413);
  EXPECT_EQ(As("operator").Post("/v1/banks", {{"name", "bad name!"}}).status, 400);
  EXPECT_EQ(As("operator").Post("/v1/banks", {{"name", "known"}}).status, 409);
  EXPECT_EQ(As("operator").Patch("/v1/banks/known", {{"match_distance", 999}}).status, 400);
  EXPECT_EQ(As("operator").Patch("/v1/banks/known", {{"colour", "red"}}).status, 400);
  EXPECT_EQ(As("operator").Get("/v1/banks/unknown").status, 404);

  // A client that sends half a request and stalls is dropped after the read timeout (1 s);
  // meanwhile and afterwards the server answers others.
  const int slow = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(slow, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(uint16_t(server_->port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(slow, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  const std::string partial = "POST /v1/match HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  ASSERT_EQ(send(slow, partial.data(), partial.size(), 0), ssize_t(partial.size()));
  EXPECT_EQ(anonymous.Get("/health").status, 200);
  timeval wait{.tv_sec = 5, .tv_usec = 0};
  setsockopt(slow, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  char buffer[512];
  const ssize_t received = recv(slow, buffer, sizeof buffer, 0);
  close(slow);
  EXPECT_GE(received, 0) << "the server kept a stalled client for 5 s";
  EXPECT_EQ(As("operator").Get("/v1/banks/known").status, 200);
}

TEST_P(ServeMatchTest, IndexChangesUnderLoadFailNoRequest) {
  ASSERT_NO_FATAL_FAILURE(Start());
  ASSERT_NO_FATAL_FAILURE(CreateBank({{"name", "known"}}));
  const std::string base(64, '5');
  ASSERT_NO_FATAL_FAILURE(AddSignals("known", {Signal("pdq", base)}));
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 3; ++t) {
    clients.emplace_back([&] {
      ApiClient client = As("operator");
      while (!stop.load()) {
        const HttpReply reply =
            client.Get(absl::StrCat("/v1/match?type=pdq&value=", FlipBits(base, 3)));
        const bool ok = reply.status == 200 && reply.body["results"][0]["matches"].size() == 1;
        (ok ? answered : failed).fetch_add(1);
      }
    });
  }
  // Adds (catch-ups), reloads (a new index swapped in) and a removed bank (a rebuild beside
  // the served index) while the clients ask.
  std::vector<std::string> added;
  for (int round = 0; round < 6; ++round) {
    // Each at least 64 bits from every other signal here (one bit per digit or more).
    const std::string signal(64, "012346"[round]);
    added.push_back(signal);
    ASSERT_NO_FATAL_FAILURE(AddSignals("known", {Signal("pdq", signal)}));
    ASSERT_EQ(As("admin").Post("/v1/index/reload", std::string("{}")).status, 200);
    const std::string scratch = absl::StrCat("scratch", round);
    ASSERT_NO_FATAL_FAILURE(CreateBank({{"name", scratch}}));
    ASSERT_NO_FATAL_FAILURE(AddSignals(scratch, {Signal("pdq", std::string(64, 'f'))}));
    ASSERT_EQ(As("admin").Delete(absl::StrCat("/v1/banks/", scratch)).status, 200);
  }
  stop.store(true);
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(answered.load(), 0);
  for (const std::string& signal : added) {
    const HttpReply found = As("operator").Post("/v1/match", Signal("pdq", signal));
    ASSERT_EQ(found.status, 200);
    EXPECT_EQ(found.body["results"][0]["matches"].size(), 1u) << signal;
  }
  const HttpReply index = As("regulator").Get("/v1/index");
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.body["pdq_entries"], 7);
  EXPECT_GE(index.body["rebuilds"], 7);
}

TEST_P(ServeMatchTest, ARemoteScanSendsHashesAndGetsTheServersVerdicts) {
  ASSERT_NO_FATAL_FAILURE(Start());
  const image::RgbImage known = MakeTestPicture(360, 270, 31);
  const std::string png = AsString(EncodePng(known));
  ASSERT_NO_FATAL_FAILURE(CreateBank({{"name", "known"}}));
  ASSERT_NO_FATAL_FAILURE(AddSignals("known", Signal("pdq", PdqOf(png))));
  const fs::path tree = dir_.path() / "tree";
  fs::create_directories(tree / "www");
  WriteFile(tree / "www" / "copy.jpg", EncodeJpeg(known, 75, false));
  WriteFile(tree / "www" / "other.png", EncodePng(MakeTestPicture(360, 270, 32)));
  WriteText(tree / "www" / "index.html", "<html>hello</html>");
  const std::string server = absl::StrCat("http://127.0.0.1:", server_->port());

  const CommandResult scanned =
      RunClearhost({"scan", "--server", server, "--token", tokens_.at("operator"), "--progress",
                    "never", tree.string()});
  ASSERT_EQ(scanned.exit_code, 0) << scanned.err;
  std::vector<nlohmann::json> matches;
  for (const nlohmann::json& record : JsonLines(scanned.out)) {
    if (record["type"] == "match") matches.push_back(record);
  }
  ASSERT_EQ(matches.size(), 1u) << scanned.out;
  EXPECT_NE(matches[0]["path"].get<std::string>().find("copy.jpg"), std::string::npos);
  EXPECT_EQ(matches[0]["signal_type"], "pdq");
  EXPECT_EQ(matches[0]["source"], "known");
  EXPECT_EQ(matches[0]["verdict"], "match");
  EXPECT_TRUE(matches[0].contains("entry_id")) << matches[0];
  // The server saw hashes only: its log has no file name, and it counted the queries.
  EXPECT_EQ(ReadText(log_).find("copy.jpg"), std::string::npos);
  const HttpReply index = As("regulator").Get("/v1/index");
  // Two pictures (PDQ + 3 digests each) and a page (3 digests).
  EXPECT_EQ(index.body["queries"], 11);

  // A refused token, or no server, is a clear error before anything is scanned.
  const CommandResult refused = RunClearhost(
      {"scan", "--server", server, "--token", "chk_" + std::string(64, '0'), tree.string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("refused"), std::string::npos) << refused.err;
  const CommandResult notifier =
      RunClearhost({"scan", "--server", server, "--token", tokens_.at("notifier"), "--progress",
                    "never", tree.string()});
  EXPECT_EQ(notifier.exit_code, 1) << notifier.err;
  EXPECT_NE(notifier.err.find("403"), std::string::npos) << notifier.err;
  const CommandResult bad_url =
      RunClearhost({"scan", "--server", "ftp://127.0.0.1", "--token", "x", tree.string()});
  EXPECT_EQ(bad_url.exit_code, 2) << bad_url.err;
}

TEST_P(ServeMatchTest, AScanOpensOneCasePerMatchedFileAndARescanNoNewOne) {
  ASSERT_NO_FATAL_FAILURE(Start());
  const image::RgbImage known = MakeTestPicture(360, 270, 41);
  ASSERT_NO_FATAL_FAILURE(CreateBank({{"name", "known"}}));
  ASSERT_NO_FATAL_FAILURE(AddSignals("known", Signal("pdq", PdqOf(AsString(EncodePng(known))))));
  const fs::path tree = dir_.path() / "www";
  fs::create_directories(tree / "shop one");
  WriteFile(tree / "shop one" / "a photo.jpg", EncodeJpeg(known, 80, false));
  WriteFile(tree / "other.png", EncodePng(MakeTestPicture(360, 270, 42)));
  const std::string server = absl::StrCat("http://127.0.0.1:", server_->port());
  const std::vector<std::string> scan = {"scan",
                                         "--server",
                                         server,
                                         "--notice",
                                         server,
                                         "--notice-url",
                                         absl::StrCat(tree.string(), "=https://files.example.net/"),
                                         "--token",
                                         tokens_.at("operator"),
                                         "--progress",
                                         "never",
                                         tree.string()};
  for (int run = 0; run < 2; ++run) {
    const CommandResult scanned = RunClearhost(scan);
    ASSERT_EQ(scanned.exit_code, 0) << scanned.err;
    EXPECT_EQ(JsonLines(scanned.out).back()["noticed"], 1) << scanned.out;
  }
  const HttpReply cases = As("operator").Get("/v1/cases");
  ASSERT_EQ(cases.status, 200);
  ASSERT_EQ(cases.body["cases"].size(), 1u) << cases.text;
  const nlohmann::json& opened = cases.body["cases"][0];
  EXPECT_EQ(opened["source_type"], "proactive_match");
  EXPECT_EQ(opened["urls"][0], "https://files.example.net/shop%20one/a%20photo.jpg");
  EXPECT_EQ(opened["automated_detection"], true);
  EXPECT_EQ(opened["sender"], "operator-org");

  // Without a URL for the file, the notice is an error record, and the scan says so.
  const CommandResult unmapped =
      RunClearhost({"scan", "--server", server, "--notice", server, "--notice-url",
                    "/nowhere=https://x.example/", "--token", tokens_.at("operator"), "--progress",
                    "never", tree.string()});
  EXPECT_EQ(unmapped.exit_code, 1);
  EXPECT_NE(unmapped.out.find("no --notice-url mapping"), std::string::npos) << unmapped.out;
}

INSTANTIATE_TEST_SUITE_P(Backends, ServeMatchTest, ::testing::ValuesIn(SqlBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace clearhost::testing
