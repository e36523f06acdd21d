#include "cases/outbound/notice_dispatcher.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "cases/intake/mail_intake.h"
#include "cases/intake/mail_message.h"
#include "notice_mail_synth.h"
#include "support/smtp_sink.h"
#include "support/sql_backends.h"
#include "support/test_support.h"

namespace clearhost::cases::outbound {
namespace {

constexpr int64_t kMinute = 60'000'000;
constexpr int64_t kT0 = 1'795'946'400LL * 1'000'000;  // 2026-11-29T10:00:00Z

constexpr std::string_view kCustomers =
    "match,customer,email,language\n"
    "files.example.net,acme,abuse@acme.example,nl\n"
    "198.51.100.0/24,rack-9,noc@rack9.example,en\n";

struct Sent {
  std::vector<std::string> to;
  intake::MailMessage message;
  std::string raw;
};

class NoticeDispatcherTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    CLEARHOST_REQUIRE_SQL_BACKEND(GetParam());
    Result<std::unique_ptr<store::SqlConnection>> database =
        clearhost::testing::OpenFreshDatabase(GetParam(), dir_.path());
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = std::move(*database);
    cases_.emplace(*database_, DeadlinePolicy{}, [this] { return now_; });
    Result<CustomerMap> map = CustomerMap::Parse(kCustomers, "customers.csv");
    ASSERT_TRUE(map.ok()) << map.status();
    customers_ = *std::move(map);
    DispatchOptions options;
    options.smtp.url = sink_.url();
    options.from = "abuse@hoster.example";
    options.from_name = "Hoster Abuse Desk";
    options.reporter = {"Hoster B.V.", "hoster.example", "abuse@hoster.example"};
    options.staff = {"staff@hoster.example"};
    options.resolve_customer = [this](const Case& record) {
      return Result<std::optional<Customer>>(customers_.Find(record.notice.urls, record.notice.ip));
    };
    dispatcher_.emplace(*database_, *cases_, TemplateSet::BuiltIn(), std::move(options));
  }

  Case Open(std::string url, std::string ip, SourceType type = SourceType::kHotline,
            std::string legal_basis = "") {
    Notice notice;
    notice.source_type = type;
    notice.sender = "hotline";
    notice.reference = url;
    notice.urls = {std::move(url)};
    notice.ip = std::move(ip);
    notice.legal_basis = std::move(legal_basis);
    notice.received_at = now_;
    Result<IntakeResult> opened = cases_->Intake(notice, "test");
    EXPECT_TRUE(opened.ok()) << opened.status();
    return opened.ok() ? opened->opened : Case{};
  }

  DispatchCounts Run(int64_t at) {
    now_ = at;
    Result<DispatchCounts> counts = dispatcher_->RunOnce(at);
    EXPECT_TRUE(counts.ok()) << counts.status();
    return counts.ok() ? *counts : DispatchCounts{};
  }

  // The mails received since the last call, parsed with our own intake parser.
  std::vector<Sent> NewMail() {
    const std::vector<clearhost::testing::ReceivedMail> all = sink_.Received();
    std::vector<Sent> fresh;
    for (size_t i = seen_; i < all.size(); ++i) {
      Result<intake::MailMessage> parsed = intake::ParseMailMessage(all[i].data);
      EXPECT_TRUE(parsed.ok()) << parsed.status();
      fresh.push_back(
          {all[i].recipients, parsed.ok() ? *parsed : intake::MailMessage{}, all[i].data});
    }
    seen_ = all.size();
    return fresh;
  }

  void Move(int64_t id, CaseState to, std::optional<ActionKind> action = std::nullopt,
            std::string reason = "") {
    TransitionRequest request;
    request.to_state = to;
    request.actor = "analyst";
    request.action = action;
    request.reason = std::move(reason);
    Result<Case> moved = cases_->Transition(id, request);
    ASSERT_TRUE(moved.ok()) << moved.status();
  }

  int64_t AuditCount(std::string_view action) {
    const store::SqlValue parameters[] = {std::string(action)};
    Result<store::SqlRows> rows =
        database_->Query("SELECT COUNT(*) FROM audit_log WHERE action = ?", parameters);
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() ? (*rows)[0].Int(0) : -1;
  }

  clearhost::testing::ScratchDir dir_;
  clearhost::testing::SmtpSink sink_;
  std::unique_ptr<store::SqlConnection> database_;
  std::optional<CaseStore> cases_;
  CustomerMap customers_;
  std::optional<NoticeDispatcher> dispatcher_;
  int64_t now_ = kT0;
  size_t seen_ = 0;
};

TEST_P(NoticeDispatcherTest, NoticesRenoticesUntilActionedAndEscalations) {
  const Case day = Open("https://files.example.net/a.jpg", "192.0.2.1");
  const Case order = Open("https://cdn.example.org/b.jpg", "198.51.100.7",
                          SourceType::kRemovalOrder, "Regulation (EU) 2021/784");
  const Case unmapped = Open("https://elsewhere.example.org/c.jpg", "203.0.113.5");
  ASSERT_EQ(order.deadline - order.opened_at, 60 * kMinute);

  DispatchCounts counts = Run(kT0 + kMinute);
  EXPECT_EQ(counts.notices, 2);
  EXPECT_EQ(counts.unmapped, 1);
  EXPECT_EQ(counts.escalations, 1);
  std::vector<Sent> mail = NewMail();
  ASSERT_EQ(mail.size(), 3u);
  std::map<std::string, Sent> by_recipient;
  for (Sent& sent : mail) by_recipient[sent.to.at(0)] = sent;
  ASSERT_TRUE(by_recipient.count("abuse@acme.example"));
  ASSERT_TRUE(by_recipient.count("noc@rack9.example"));
  ASSERT_TRUE(by_recipient.count("staff@hoster.example"));
  const Sent& notice = by_recipient["abuse@acme.example"];
  EXPECT_EQ(intake::FindHeader(notice.message.headers, "X-XARF"), "PLAIN");
  std::string json;
  for (const intake::MailPart& part : notice.message.parts) {
    if (part.content_type == "application/json") json = part.body;
  }
  const nlohmann::json xarf = nlohmann::json::parse(json, nullptr, false);
  ASSERT_FALSE(xarf.is_discarded()) << json;
  EXPECT_EQ(xarf["type"], "csam");
  EXPECT_EQ(xarf["url"], "https://files.example.net/a.jpg");
  EXPECT_EQ(xarf["clearhost"]["case_id"], day.id);
  // The customer's language: Dutch.
  EXPECT_NE(notice.message.parts.at(0).body.find("Geachte"), std::string::npos)
      << notice.message.parts.at(0).body;
  EXPECT_NE(
      by_recipient["staff@hoster.example"].message.parts.at(0).body.find("no customer is known"),
      std::string::npos)
      << by_recipient["staff@hoster.example"].message.parts.at(0).body;
  const std::string first_order_id = std::string(
      intake::FindHeader(by_recipient["noc@rack9.example"].message.headers, "Message-ID"));

  // Nothing is due again a minute later.
  counts = Run(kT0 + 2 * kMinute);
  EXPECT_EQ(counts.notices + counts.renotices + counts.escalations, 0);
  EXPECT_TRUE(NewMail().empty());

  // The 1-hour order is re-sent every 15 minutes, referring to the first notice.
  counts = Run(kT0 + 20 * kMinute);
  EXPECT_EQ(counts.renotices, 1);
  mail = NewMail();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].to.at(0), "noc@rack9.example");
  EXPECT_EQ(intake::FindHeader(mail[0].message.headers, "In-Reply-To"), first_order_id);

  // 15 minutes before its deadline the staff hear about it.
  counts = Run(kT0 + 50 * kMinute);
  EXPECT_EQ(counts.renotices, 1);
  EXPECT_EQ(counts.escalations, 1);
  EXPECT_EQ(NewMail().size(), 2u);

  // Actioned: no more re-notices for the order; the day case gets its second notice at 24 h.
  Move(order.id, CaseState::kAssessing);
  Move(order.id, CaseState::kActioned, ActionKind::kRemoved);
  counts = Run(kT0 + 24 * 60 * kMinute + 2 * kMinute);
  EXPECT_EQ(counts.renotices, 1);
  mail = NewMail();
  ASSERT_GE(mail.size(), 1u);
  for (const Sent& sent : mail) EXPECT_NE(sent.to.at(0), "noc@rack9.example");
  EXPECT_EQ(AuditCount("notice_sent"), 2);
  EXPECT_EQ(AuditCount("renotice_sent"), 3);
  EXPECT_GE(AuditCount("escalation_sent"), 2);
  (void)unmapped;
}

TEST_P(NoticeDispatcherTest, RefusedAndDeferredDeliveries) {
  sink_.RefuseNext(550);
  const Case refused = Open("https://files.example.net/r.jpg", "192.0.2.2");
  DispatchCounts counts = Run(kT0);
  EXPECT_EQ(counts.refused, 1);
  EXPECT_EQ(counts.escalations, 1);  // the staff hear that the notice did not go out
  std::vector<Sent> mail = NewMail();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].to.at(0), "staff@hoster.example");
  EXPECT_NE(mail[0].message.parts.at(0).body.find("550"), std::string::npos)
      << mail[0].message.parts.at(0).body;
  const store::SqlValue id[] = {refused.id};
  Result<store::SqlRows> error =
      database_->Query("SELECT last_error FROM case_outbound WHERE case_id = ?", id);
  ASSERT_TRUE(error.ok()) << error.status();
  EXPECT_NE((*error)[0].Text(0).find("550"), std::string::npos);

  sink_.RefuseNext(451);
  Open("https://files.example.net/d.jpg", "192.0.2.3");
  counts = Run(kT0 + kMinute);
  EXPECT_EQ(counts.deferred, 1);
  EXPECT_EQ(counts.notices, 0);
  EXPECT_TRUE(NewMail().empty());
  counts = Run(kT0 + 2 * kMinute);  // the mail server takes it now
  EXPECT_EQ(counts.notices, 1);
  EXPECT_EQ(NewMail().size(), 1u);
}

TEST_P(NoticeDispatcherTest, DecisionGoesBackToTheNotifierOnce) {
  CaseStore& cases = *cases_;
  intake::MailIntake mail_intake(*database_, cases, intake::NoticeMailOptions{}, {},
                                 [this] { return now_; });
  synth::SampleNotice sample;
  sample.message_id = "report-77@hotline.example";
  Result<intake::IngestResult> ingested = mail_intake.Ingest(synth::XarfV4Mail(sample));
  ASSERT_TRUE(ingested.ok()) << ingested.status();
  EXPECT_EQ(Run(kT0 + kMinute).notices, 1);
  NewMail();
  Move(ingested->opened.id, CaseState::kAssessing);
  Move(ingested->opened.id, CaseState::kRejected, std::nullopt, "not hosted by us any more");
  DispatchCounts counts = Run(kT0 + 2 * kMinute);
  EXPECT_EQ(counts.decisions, 1);
  std::vector<Sent> mail = NewMail();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].to.at(0), "reports@hotline.example");
  EXPECT_EQ(intake::FindHeader(mail[0].message.headers, "In-Reply-To"),
            "<report-77@hotline.example>");
  EXPECT_NE(mail[0].message.parts.at(0).body.find("not hosted by us any more"), std::string::npos);
  EXPECT_EQ(Run(kT0 + 3 * kMinute).decisions, 0);
  EXPECT_TRUE(NewMail().empty());
  EXPECT_EQ(AuditCount("decision_sent"), 1);
}

TEST_P(NoticeDispatcherTest, TheXarfTypeFollowsTheNoticeWhenItIsAContentType) {
  intake::MailIntake mail_intake(*database_, *cases_, intake::NoticeMailOptions{}, {},
                                 [this] { return now_; });
  synth::SampleNotice phishing;
  phishing.type = "phishing";
  synth::SampleNotice arf;
  arf.report_id = "arf-1";
  arf.message_id = "arf-1@hotline.example";
  arf.urls = {"https://files.example.net/arf.jpg"};
  ASSERT_TRUE(mail_intake.Ingest(synth::XarfV4Mail(phishing)).ok());
  ASSERT_TRUE(mail_intake.Ingest(synth::ArfMail(arf)).ok());
  EXPECT_EQ(Run(kT0 + kMinute).notices, 2);
  std::multiset<std::string> types;
  for (const Sent& sent : NewMail()) {
    for (const intake::MailPart& part : sent.message.parts) {
      if (part.content_type != "application/json") continue;
      types.insert(nlohmann::json::parse(part.body)["type"].get<std::string>());
    }
  }
  // ARF says "abuse": in the abuse desk's CSAM process that is sent on as csam.
  EXPECT_EQ(types, (std::multiset<std::string>{"csam", "phishing"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, NoticeDispatcherTest,
                         ::testing::ValuesIn(clearhost::testing::SqlBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace clearhost::cases::outbound
