// The rules a case lives by: notice validation, deadlines, and the state machine.
#include <gtest/gtest.h>

#include "cases/case_transitions.h"
#include "cases/deadline_policy.h"
#include "cases/notice_validation.h"

namespace clearhost::cases {
namespace {

constexpr int64_t kNow = 1'750'000'000'000'000;

Notice ValidNotice() {
  return Notice{.source_type = SourceType::kHotline,
                .sender = "hotline-nl",
                .urls = {"https://files.example.net/a.jpg"},
                .received_at = kNow};
}

TEST(NoticeValidationTest, AcceptsWellFormedUrlsAndAddresses) {
  for (const char* url : {"https://a.example/", "HTTP://A.EXAMPLE", "https://u:p@h:8080/x?y#z",
                          "http://[2001:db8::1]/x", "https://192.0.2.1/a%20b"}) {
    EXPECT_TRUE(ValidateUrl(url).ok()) << url << ": " << ValidateUrl(url);
  }
  for (const char* ip : {"192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1", ""}) {
    Notice notice = ValidNotice();
    notice.ip = ip;
    EXPECT_TRUE(ValidateNotice(notice).ok()) << ip;
  }
}

TEST(NoticeValidationTest, RefusesBadUrlsNamingTheProblem) {
  const std::pair<const char*, const char*> bad[] = {
      {"ftp://a.example/", "http"},    {"https://", "host"},
      {"https://:80/", "host"},        {"https://a.example/b c", "whitespace"},
      {"javascript:alert(1)", "http"}, {"https://a.example/\x01", "control"},
  };
  for (const auto& [url, words] : bad) {
    const Status status = ValidateUrl(url);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << url;
    EXPECT_NE(status.message().find(words), absl::string_view::npos) << url << ": " << status;
  }
  EXPECT_FALSE(ValidateUrl("https://a.example/" + std::string(kMaxUrlBytes, 'x')).ok());
}

TEST(NoticeValidationTest, NamesTheBadField) {
  const auto message_of = [](Notice notice) {
    return std::string(ValidateNotice(notice).message());
  };
  Notice notice = ValidNotice();
  notice.urls.push_back("gopher://x");
  EXPECT_EQ(message_of(notice).rfind("urls[1]: ", 0), 0u) << message_of(notice);
  notice = ValidNotice();
  notice.hashes = {{"pdq", std::string(64, 'a')}, {"sha1", std::string(39, 'a')}};
  EXPECT_EQ(message_of(notice).rfind("hashes[1]: ", 0), 0u);
  notice = ValidNotice();
  notice.hashes = {{"crc32", "00000000"}};
  EXPECT_NE(message_of(notice).find("unknown signal type"), std::string::npos);
  notice = ValidNotice();
  notice.hashes = {{"md5", std::string(31, 'a') + "g"}};
  EXPECT_NE(message_of(notice).find("hex"), std::string::npos);
  notice = ValidNotice();
  notice.ip = "192.0.2.300";
  EXPECT_EQ(message_of(notice).rfind("ip: ", 0), 0u);
  notice = ValidNotice();
  notice.sender = std::string(300, 's');
  EXPECT_EQ(message_of(notice).rfind("sender: ", 0), 0u);
  notice = ValidNotice();
  notice.reference = "a\nb";
  EXPECT_EQ(message_of(notice).rfind("reference: ", 0), 0u);
  notice = ValidNotice();
  notice.reason = "line one\nline two";  // newlines are fine in a reason
  EXPECT_TRUE(ValidateNotice(notice).ok());
}

TEST(NoticeValidationTest, LowercasesHashes) {
  Notice notice = ValidNotice();
  notice.hashes = {{"sha256", std::string(64, 'F')}};
  ASSERT_TRUE(ValidateNotice(notice).ok());
  EXPECT_EQ(notice.hashes[0].value, std::string(64, 'f'));
}

TEST(DeadlinePolicyTest, EachSourceTypeGetsItsLimit) {
  const DeadlinePolicy policy;
  const std::pair<SourceType, int64_t> expected[] = {
      {SourceType::kHotline, 24},         {SourceType::kRemovalOrder, 12},
      {SourceType::kArticle16Notice, 72}, {SourceType::kTrustedFlagger, 24},
      {SourceType::kProactiveMatch, 24},  {SourceType::kLawEnforcement, 24}};
  for (const auto& [type, hours] : expected) {
    Notice notice = ValidNotice();
    notice.source_type = type;
    EXPECT_EQ(*ComputeDeadline(notice, policy, kNow), kNow + hours * kMicrosPerHour)
        << SourceTypeName(type);
  }
}

TEST(DeadlinePolicyTest, TheEarlierOfTheLimitAndTheOrdersOwnDeadline) {
  Notice order = ValidNotice();
  order.source_type = SourceType::kRemovalOrder;
  order.order_deadline = kNow + 3 * kMicrosPerHour;
  EXPECT_EQ(*ComputeDeadline(order, {}, kNow), kNow + 3 * kMicrosPerHour);
  order.order_deadline = kNow + 48 * kMicrosPerHour;  // later than the ATKM's 12 h
  EXPECT_EQ(*ComputeDeadline(order, {}, kNow), kNow + 12 * kMicrosPerHour);
  order.order_deadline.reset();
  order.legal_basis = "TCO removal order";
  EXPECT_EQ(*ComputeDeadline(order, {}, kNow), kNow + kMicrosPerHour);
  // A hotline notice citing the regulation is still a hotline notice.
  Notice hotline = ValidNotice();
  hotline.legal_basis = "2021/784";
  EXPECT_EQ(*ComputeDeadline(hotline, {}, kNow), kNow + 24 * kMicrosPerHour);
}

TEST(DeadlinePolicyTest, RefusesAPassedDeadlineAndAFutureReceipt) {
  Notice order = ValidNotice();
  order.order_deadline = kNow;
  EXPECT_EQ(ComputeDeadline(order, {}, kNow).status().code(), absl::StatusCode::kInvalidArgument);
  Notice early = ValidNotice();
  early.received_at = kNow + 10 * 60 * 1'000'000LL;
  EXPECT_EQ(ComputeDeadline(early, {}, kNow).status().code(), absl::StatusCode::kInvalidArgument);
  early.received_at = kNow + 60 * 1'000'000LL;  // a minute of skew is fine
  EXPECT_TRUE(ComputeDeadline(early, {}, kNow).ok());
}

TEST(CaseTransitionsTest, TheMachineHasExactlyTheDocumentedEdges) {
  using enum CaseState;
  const CaseState states[] = {kReceived,      kAssessing, kActioned,
                              kConfirmedGone, kRejected,  kEscalated};
  int allowed = 0;
  for (const CaseState from : states) {
    for (const CaseState to : states) allowed += IsAllowedTransition(from, to) ? 1 : 0;
  }
  EXPECT_EQ(allowed, 4 + 3 + 3 + 2 + 1 + 1);
  EXPECT_TRUE(IsAllowedTransition(kReceived, kActioned));
  EXPECT_TRUE(IsAllowedTransition(kConfirmedGone, kReceived));
  EXPECT_FALSE(IsAllowedTransition(kReceived, kConfirmedGone));
  EXPECT_FALSE(IsAllowedTransition(kRejected, kActioned));
  EXPECT_FALSE(IsAllowedTransition(kActioned, kActioned));
}

TEST(CaseTransitionsTest, WhatEachTransitionNeeds) {
  const Case current{.id = 9, .state = CaseState::kAssessing, .version = 4};
  TransitionRequest request{.to_state = CaseState::kActioned, .actor = "op"};
  EXPECT_EQ(CheckTransition(current, request).code(), absl::StatusCode::kInvalidArgument);
  request.action = ActionKind::kGeoBlocked;
  EXPECT_EQ(CheckTransition(current, request).code(), absl::StatusCode::kInvalidArgument);
  request.territorial_scope = {"nl"};
  EXPECT_EQ(CheckTransition(current, request).code(), absl::StatusCode::kInvalidArgument);
  request.territorial_scope = {"NL"};
  EXPECT_TRUE(CheckTransition(current, request).ok());
  request.expected_version = 3;
  EXPECT_EQ(CheckTransition(current, request).code(), absl::StatusCode::kAborted);
  request.expected_version = 4;
  request.actor = "";
  EXPECT_EQ(CheckTransition(current, request).code(), absl::StatusCode::kInvalidArgument);
  const TransitionRequest stray_action{
      .to_state = CaseState::kEscalated, .actor = "op", .action = ActionKind::kRemoved};
  EXPECT_EQ(CheckTransition(current, stray_action).code(), absl::StatusCode::kInvalidArgument);
  const TransitionRequest backwards{.to_state = CaseState::kReceived, .actor = "op"};
  const Status refused = CheckTransition(current, backwards);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("assessing to received"), absl::string_view::npos);
}

}  // namespace
}  // namespace clearhost::cases
