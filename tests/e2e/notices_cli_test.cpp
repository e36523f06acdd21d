// End to end: `clearhost notices ingest` fed generated messages the way an MTA pipes them, and
// `clearhost notices send` delivering to a loopback SMTP server on a test clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cases/case_store.h"
#include "cases/intake/mail_message.h"
#include "notice_mail_synth.h"
#include "store/migrations.h"
#include "store/sql_connection.h"
#include "support/smtp_sink.h"
#include "support/test_support.h"

namespace clearhost {
namespace {

namespace fs = std::filesystem;
using synth::SampleNotice;
using testing::CommandResult;
using testing::JsonLines;
using testing::RunClearhost;

class NoticesCliTest : public ::testing::Test {
 protected:
  std::string Db() const { return "sqlite:" + (dir_.path() / "store.db").string(); }
  fs::path Rejected() const { return dir_.path() / "rejected"; }

  CommandResult Ingest(const std::string& message, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"notices", "ingest",     "--db",
                                     Db(),      "--rejected", Rejected().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunClearhost(args, message);
  }

  nlohmann::json MustAccept(const std::string& message) {
    const CommandResult result = Ingest(message);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    const std::vector<nlohmann::json> lines = JsonLines(result.out);
    EXPECT_EQ(lines.size(), 1u) << result.out;
    return lines.empty() ? nlohmann::json() : lines[0];
  }

  std::vector<fs::path> RejectedFiles() const {
    std::vector<fs::path> files;
    if (!fs::exists(Rejected() / "new")) return files;
    for (const auto& entry : fs::directory_iterator(Rejected() / "new")) files.push_back(entry);
    return files;
  }

  testing::ScratchDir dir_;
};

SampleNotice Sample(int n, std::string type = "csam") {
  SampleNotice notice;
  notice.report_id = absl::StrCat("7d0c6b2e-0000-4000-8000-", 100000000000 + n);
  notice.urls = {absl::StrCat("https://files.example.net/u", n, "/photo.jpg")};
  notice.ip = absl::StrCat("192.0.2.", 1 + n % 250);
  notice.type = std::move(type);
  notice.message_id = absl::StrCat("n", n, "@hotline.example");
  return notice;
}

TEST_F(NoticesCliTest, EveryFormatOpensTheRightCase) {
  struct Expected {
    std::string message;
    std::string format;
    std::string report_type;
    bool child_abuse;
    SampleNotice sample;
  };
  std::vector<Expected> corpus;
  corpus.push_back({synth::XarfV4Mail(Sample(1)), "xarf4", "csam", true, Sample(1)});
  corpus.push_back(
      {synth::XarfV4InlineMail(Sample(2, "csem")), "xarf4", "csem", true, Sample(2, "csem")});
  corpus.push_back({synth::XarfV4Mail(Sample(3, "phishing")), "xarf4", "phishing", false,
                    Sample(3, "phishing")});
  corpus.push_back({synth::XarfV3Mail(Sample(4)), "xarf3", "illegal-content", false, Sample(4)});
  SampleNotice arf = Sample(5);
  arf.urls.push_back("https://files.example.net/u5/second.jpg");
  corpus.push_back({synth::ArfMail(arf), "arf", "abuse", false, arf});
  corpus.push_back({synth::HotlineTextMail(Sample(6)), "text", "", false, Sample(6)});

  std::set<int64_t> cases;
  for (const Expected& expected : corpus) {
    SCOPED_TRACE(expected.format + " " + expected.report_type);
    const nlohmann::json line = MustAccept(expected.message);
    ASSERT_TRUE(line.contains("case_id")) << line;
    EXPECT_FALSE(line["duplicate"].get<bool>());
    EXPECT_EQ(line["format"], expected.format);
    EXPECT_EQ(line["report_type"], expected.report_type);
    EXPECT_EQ(line["child_abuse"].get<bool>(), expected.child_abuse);
    EXPECT_EQ(line["urls"].get<std::vector<std::string>>(), expected.sample.urls);
    EXPECT_TRUE(absl::EndsWith(line["deadline"].get<std::string>(), "Z")) << line;
    cases.insert(line["case_id"].get<int64_t>());
  }
  EXPECT_EQ(cases.size(), corpus.size());

  // The stored case carries the notice's fields: IP, reference, sender, deadline from receipt.
  Result<std::unique_ptr<store::SqlConnection>> database = store::OpenSqlConnection(Db());
  ASSERT_TRUE(database.ok()) << database.status();
  cases::CaseStore store(**database);
  Result<cases::Case> text_case = store.Get(*cases.rbegin());
  ASSERT_TRUE(text_case.ok()) << text_case.status();
  EXPECT_EQ(text_case->notice.ip, Sample(6).ip);
  EXPECT_EQ(text_case->notice.reference, Sample(6).report_id);
  EXPECT_EQ(text_case->notice.source_type, cases::SourceType::kArticle16Notice);
  // Received: 2026-11-29 10:00 UTC (the Received field), Art. 16 notices get 72 hours.
  EXPECT_EQ(text_case->deadline - text_case->notice.received_at, 72 * cases::kMicrosPerHour);
}

TEST_F(NoticesCliTest, RedeliveriesAndResentNoticesJoinTheFirstCase) {
  const std::string message = synth::XarfV4Mail(Sample(10));
  const nlohmann::json first = MustAccept(message);
  const nlohmann::json again = MustAccept(message);  // the MTA delivered it twice
  EXPECT_TRUE(again["duplicate"].get<bool>());
  EXPECT_EQ(again["case_id"], first["case_id"]);
  SampleNotice resent = Sample(10);
  resent.message_id = "resent-10@hotline.example";  // a new message with the same report id
  resent.date = "Mon, 30 Nov 2026 10:00:00 +0000";
  const nlohmann::json third = MustAccept(synth::XarfV4Mail(resent));
  EXPECT_TRUE(third["duplicate"].get<bool>());
  EXPECT_EQ(third["case_id"], first["case_id"]);
}

TEST_F(NoticesCliTest, HotlineSourceGetsTheHotlineDeadline) {
  const CommandResult result = Ingest(synth::HotlineTextMail(Sample(20)),
                                      {"--source", "meldpunt", "--source-type", "hotline"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json line = JsonLines(result.out).at(0);
  // Received 2026-11-29T10:00:00Z plus 24 hours.
  EXPECT_EQ(line["deadline"], "2026-11-30T10:00:00.000000Z");
}

TEST_F(NoticesCliTest, NonNoticesExit65AndAreKeptWithTheReason) {
  struct Bad {
    std::string name;
    std::string message;
    std::string reason;
  };
  std::string missing_field = synth::XarfV4Mail(Sample(30));
  const std::vector<Bad> bad = {
      {"no url", "From: a@example.org\r\nSubject: hello\r\n\r\nJust saying hello.\r\n", "URL"},
      {"not mail", std::string("\x00\x01\x02 binary", 10), "mail"},
      {"xarf without type",
       synth::XarfV4InlineMail(Sample(31))
           .replace(synth::XarfV4InlineMail(Sample(31)).find("\"type\""), 6, "\"kind\""),
       "type"},
      {"not our url scheme",
       "From: a@example.org\r\nSubject: x\r\n\r\nURL: ftp://files.example.net/x\r\n", "URL"},
  };
  for (const Bad& item : bad) {
    SCOPED_TRACE(item.name);
    const std::vector<fs::path> before = RejectedFiles();
    const CommandResult result = Ingest(item.message);
    EXPECT_EQ(result.exit_code, 65) << result.out << result.err;
    EXPECT_NE(result.err.find("not a notice"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(item.reason), std::string::npos) << result.err;
    std::vector<fs::path> added;
    for (const fs::path& file : RejectedFiles()) {
      if (std::find(before.begin(), before.end(), file) == before.end()) added.push_back(file);
    }
    ASSERT_EQ(added.size(), 1u);
    const std::string stored = testing::ReadText(added[0]);
    EXPECT_TRUE(absl::StartsWith(stored, "X-Clearhost-Rejected: ")) << stored.substr(0, 200);
    // A readable message is kept as it came; the binary one only as far as it is text.
    if (item.name != "not mail") {
      EXPECT_TRUE(absl::EndsWith(stored, item.message));
    }
  }
}

TEST_F(NoticesCliTest, AttachmentsOfRejectedMessagesAreNotKept) {
  const std::string picture = std::string(3000, '\x7f') + "PICTURE-BYTES";
  const std::string message =
      "From: someone@example.org\r\nSubject: look\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
      "See the attached picture.\r\n--b\r\nContent-Type: image/jpeg; name=x.jpg\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n" +
      synth::Base64(picture) + "\r\n--b--\r\n";
  const CommandResult result = Ingest(message);
  EXPECT_EQ(result.exit_code, 65) << result.err;
  ASSERT_EQ(RejectedFiles().size(), 1u);
  const std::string stored = testing::ReadText(RejectedFiles()[0]);
  EXPECT_NE(stored.find("See the attached picture."), std::string::npos) << stored;
  EXPECT_NE(stored.find("[attachment not kept: image/jpeg, 3013 bytes"), std::string::npos)
      << stored;
  EXPECT_EQ(stored.find(synth::Base64(picture).substr(0, 40)), std::string::npos);
  EXPECT_EQ(stored.find("PICTURE-BYTES"), std::string::npos);
}

TEST_F(NoticesCliTest, AFiftyMegabyteMessageIsRefusedAndItsBeginningKept) {
  std::string huge = synth::HotlineTextMail(Sample(40));
  huge += std::string(50 << 20, 'x');
  const CommandResult result = Ingest(huge);
  EXPECT_EQ(result.exit_code, 65) << result.err;
  EXPECT_NE(result.err.find("limit"), std::string::npos) << result.err;
  const std::vector<fs::path> kept = RejectedFiles();
  ASSERT_EQ(kept.size(), 1u);
  // Its beginning, for a person to see who sent what; the rest is not kept.
  const std::string stored = testing::ReadText(kept[0]);
  EXPECT_LT(stored.size(), 70'000u);
  EXPECT_NE(stored.find(absl::StrCat("X-Clearhost-Kept: the first 65536 of ", huge.size())),
            std::string::npos)
      << stored.substr(0, 300);
  EXPECT_NE(stored.find("Kenmerk: "), std::string::npos);
}

TEST_F(NoticesCliTest, AnUnwritableStoreExits75SoTheMtaRetries) {
  const CommandResult result =
      RunClearhost({"notices", "ingest", "--db", "sqlite:/proc/clearhost-none/store.db",
                    "--rejected", Rejected().string()},
                   synth::XarfV4Mail(Sample(50)));
  EXPECT_EQ(result.exit_code, 75) << result.err;
  EXPECT_NE(result.err.find("retry"), std::string::npos) << result.err;
  EXPECT_TRUE(RejectedFiles().empty());  // a notice is not "rejected" for our own trouble
}

// Drains a Maildir of N messages (env CLEARHOST_INTAKE_MESSAGES, default 600): a tenth of them
// redelivered twice, a twentieth not notices. Every notice becomes exactly one case.
TEST_F(NoticesCliTest, MaildirDrainLosesAndDuplicatesNothing) {
  int total = 600;
  if (const char* wanted = std::getenv("CLEARHOST_INTAKE_MESSAGES")) total = std::atoi(wanted);
  const fs::path maildir = dir_.path() / "Maildir";
  for (const char* sub : {"tmp", "new", "cur"}) fs::create_directories(maildir / sub);
  int notices = 0;
  int junk = 0;
  int files = 0;
  for (int n = 0; files < total; ++n) {
    std::string message;
    if (n % 20 == 19) {
      message = absl::StrCat("From: x@example.org\r\nSubject: junk ", n, "\r\n\r\nno links\r\n");
      ++junk;
    } else {
      const SampleNotice sample = Sample(1000 + n, n % 3 == 0 ? "csem" : "csam");
      message = n % 2 == 0 ? synth::XarfV4Mail(sample) : synth::HotlineTextMail(sample);
      ++notices;
    }
    const int copies = n % 10 == 3 ? 2 : 1;
    for (int copy = 0; copy < copies && files < total; ++copy, ++files) {
      testing::WriteText(maildir / "new" / absl::StrCat(1700000000 + n, ".", copy, ".host"),
                         message);
    }
  }
  const CommandResult result = RunClearhost(
      {"notices", "ingest", "--db", Db(), "--maildir", maildir.string()}, std::nullopt);
  ASSERT_EQ(result.exit_code, 0) << result.err.substr(0, 2000);
  const std::vector<nlohmann::json> lines = JsonLines(result.out);
  ASSERT_FALSE(lines.empty());
  const nlohmann::json summary = lines.back()["summary"];
  std::printf("maildir drain: %s\n", summary.dump().c_str());
  EXPECT_EQ(summary["messages"], total);
  EXPECT_EQ(summary["accepted"], notices);
  EXPECT_EQ(summary["rejected"].get<int>() + summary["accepted"].get<int>() +
                summary["duplicates"].get<int>(),
            total);
  EXPECT_EQ(summary["failed"], 0);
  std::set<int64_t> cases;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i].contains("case_id")) cases.insert(lines[i]["case_id"].get<int64_t>());
  }
  EXPECT_EQ(static_cast<int>(cases.size()), notices);
  EXPECT_TRUE(fs::is_empty(maildir / "new"));
  size_t rejected = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(maildir / ".rejected" / "new")) {
    ++rejected;
  }
  EXPECT_EQ(static_cast<int>(rejected), summary["rejected"].get<int>());
  EXPECT_GE(static_cast<int>(rejected), junk - 1);

  // A second run finds nothing left.
  const CommandResult again = RunClearhost(
      {"notices", "ingest", "--db", Db(), "--maildir", maildir.string()}, std::nullopt);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(JsonLines(again.out).back()["summary"]["messages"], 0);
}

// `notices send` on a test clock: the notice, silence, the re-notice a day later, nothing once
// the case is actioned but the decision to the notifier.
TEST_F(NoticesCliTest, SendFollowsTheScheduleOverSmtp) {
  testing::SmtpSink sink;
  const fs::path customers = dir_.path() / "customers.csv";
  testing::WriteText(
      customers, "match,customer,email,language\nfiles.example.net,acme,abuse@acme.example,en\n");
  const nlohmann::json opened = MustAccept(synth::XarfV4Mail(Sample(60)));
  const auto send = [&](const std::string& now) {
    const CommandResult result = RunClearhost(
        {"notices", "send", "--db", Db(), "--smtp", sink.url(), "--from", "abuse@hoster.example",
         "--staff", "staff@hoster.example", "--customers", customers.string(), "--now", now},
        std::nullopt);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    const std::vector<nlohmann::json> lines = JsonLines(result.out);
    EXPECT_EQ(lines.size(), 1u) << result.out;
    return lines.empty() ? nlohmann::json() : lines[0];
  };
  nlohmann::json run = send("2026-11-29T10:05:00Z");
  EXPECT_EQ(run["notices"], 1) << run;
  ASSERT_EQ(sink.Received().size(), 1u);
  EXPECT_EQ(sink.Received()[0].recipients, std::vector<std::string>{"abuse@acme.example"});
  EXPECT_NE(sink.Received()[0].data.find("X-XARF: PLAIN"), std::string::npos);

  run = send("2026-11-29T11:00:00Z");
  EXPECT_EQ(run["notices"].get<int>() + run["renotices"].get<int>(), 0) << run;
  EXPECT_EQ(sink.Received().size(), 1u);

  run = send("2026-11-30T10:06:00Z");
  EXPECT_EQ(run["renotices"], 1) << run;
  ASSERT_EQ(sink.Received().size(), 2u);
  EXPECT_NE(sink.Received()[1].data.find("In-Reply-To: <clearhost.case-"), std::string::npos);

  {
    Result<std::unique_ptr<store::SqlConnection>> database = store::OpenSqlConnection(Db());
    ASSERT_TRUE(database.ok()) << database.status();
    cases::CaseStore store(**database);
    const int64_t id = opened["case_id"].get<int64_t>();
    for (const cases::CaseState to : {cases::CaseState::kAssessing, cases::CaseState::kActioned}) {
      cases::TransitionRequest request;
      request.to_state = to;
      request.actor = "analyst";
      if (to == cases::CaseState::kActioned) request.action = cases::ActionKind::kRemoved;
      ASSERT_TRUE(store.Transition(id, request).ok());
    }
  }
  run = send("2026-12-01T11:00:00Z");
  EXPECT_EQ(run["renotices"], 0) << run;
  EXPECT_EQ(run["decisions"], 1) << run;
  ASSERT_EQ(sink.Received().size(), 3u);
  EXPECT_EQ(sink.Received()[2].recipients, std::vector<std::string>{"reports@hotline.example"});
  run = send("2026-12-02T11:00:00Z");
  EXPECT_EQ(run["renotices"].get<int>() + run["decisions"].get<int>(), 0) << run;
  EXPECT_EQ(sink.Received().size(), 3u);
}

TEST_F(NoticesCliTest, SendRefusesBadSettingsBeforeSendingAnything) {
  const fs::path customers = dir_.path() / "customers.csv";
  testing::WriteText(customers, "match,customer,email,language\nexample.net,a,a@a.example,en\n");
  const std::vector<std::vector<std::string>> bad = {
      {"--from", "abuse@hoster.example\r\nBcc: all@example.org", "--smtp", "smtp://127.0.0.1:1"},
      {"--from", "abuse@hoster.example", "--smtp", "http://127.0.0.1:1"},
      {"--from", "abuse@hoster.example", "--smtp", "smtp://127.0.0.1:1", "--staff", "x y@z"},
  };
  for (const std::vector<std::string>& options : bad) {
    std::vector<std::string> args = {"notices", "send",        "--db",
                                     Db(),      "--customers", customers.string()};
    args.insert(args.end(), options.begin(), options.end());
    const CommandResult result = RunClearhost(args, std::nullopt);
    EXPECT_EQ(result.exit_code, 2) << options[1] << options[3] << result.err;
    EXPECT_NE(result.err.find("clearhost notices send: "), std::string::npos) << result.err;
  }
}

}  // namespace
}  // namespace clearhost
