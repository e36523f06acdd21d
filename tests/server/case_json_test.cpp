#include "server/case_json.h"

#include <gtest/gtest.h>

namespace clearhost::server {
namespace {

nlohmann::json Notice() {
  return nlohmann::json::parse(R"({"source_type": "removal_order", "sender": "atkm",
    "reference": "A-1", "urls": ["https://x.example/a.jpg"], "ip": "192.0.2.1",
    "hashes": [{"signal_type": "md5", "value": "00112233445566778899aabbccddeeff"}],
    "reason": "r", "legal_basis": "ATKM", "member_state": "NL", "content_kind": "video",
    "automated_detection": true, "received_at": "2025-06-15T10:00:00+02:00",
    "order_deadline": "2025-06-15T09:00:00Z", "content_date": "2025-06-01"})");
}

TEST(CaseJsonTest, ReadsEveryNoticeField) {
  const Result<cases::Notice> notice = NoticeFromJson(Notice());
  ASSERT_TRUE(notice.ok()) << notice.status();
  EXPECT_EQ(notice->source_type, cases::SourceType::kRemovalOrder);
  EXPECT_EQ(notice->sender, "atkm");
  EXPECT_EQ(notice->urls, std::vector<std::string>{"https://x.example/a.jpg"});
  EXPECT_EQ(notice->hashes.size(), 1u);
  EXPECT_EQ(notice->content_kind, cases::ContentKind::kVideo);
  EXPECT_TRUE(notice->automated_detection);
  EXPECT_EQ(notice->received_at, 1'749'974'400'000'000);  // 08:00Z
  EXPECT_EQ(notice->order_deadline, 1'749'978'000'000'000);
  EXPECT_EQ(notice->content_date, 1'748'736'000'000'000);
}

TEST(CaseJsonTest, RefusesUnknownFieldsAndWrongTypesByName) {
  const std::pair<const char*, nlohmann::json> cases[] = {
      {"colour", {{"colour", "red"}}},
      {"urls", {{"urls", "https://x.example/"}}},
      {"urls", {{"urls", {1, 2}}}},
      {"automated_detection", {{"automated_detection", "yes"}}},
      {"received_at", {{"received_at", "yesterday"}}},
      {"source_type", {{"source_type", "Hotline"}}},
      {"hashes[0]", {{"hashes", {{{"signal_type", "md5"}}}}}},
      {"content_kind", {{"content_kind", "text"}}},
  };
  for (const auto& [field, change] : cases) {
    nlohmann::json body = Notice();
    body.update(change);
    const Result<cases::Notice> notice = NoticeFromJson(body);
    ASSERT_FALSE(notice.ok()) << field;
    EXPECT_EQ(notice.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(notice.status().message().rfind(field, 0), 0u) << notice.status();
  }
  EXPECT_FALSE(NoticeFromJson(nlohmann::json::array()).ok());
  EXPECT_FALSE(NoticeFromJson(nlohmann::json{{"urls", {"https://x.example/"}}}).ok());
}

TEST(CaseJsonTest, TransitionsTakeTheActorFromTheCaller) {
  const Result<cases::TransitionRequest> request =
      TransitionFromJson({{"to", "actioned"},
                          {"action", "geo_blocked"},
                          {"territorial_scope", {"NL"}},
                          {"expected_version", 2}},
                         "desk");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->actor, "desk");
  EXPECT_EQ(request->action, cases::ActionKind::kGeoBlocked);
  EXPECT_EQ(request->expected_version, 2);
  EXPECT_FALSE(TransitionFromJson({{"to", "actioned"}, {"actor", "someone"}}, "desk").ok());
  EXPECT_FALSE(TransitionFromJson({{"to", "actioned"}, {"expected_version", "2"}}, "d").ok());
  EXPECT_FALSE(TransitionFromJson(nlohmann::json::object(), "d").ok());
}

TEST(CaseJsonTest, WritesTimesInUtcAndFlagsOverdueOpenCases) {
  cases::Case item{.id = 3, .deadline = 1'750'000'000'000'000};
  item.notice.received_at = 1'749'990'000'000'000;
  const nlohmann::ordered_json before = CaseToJson(item, item.deadline - 1);
  EXPECT_EQ(before["deadline"], "2025-06-15T15:06:40.000000Z");
  EXPECT_EQ(before["overdue"], false);
  EXPECT_EQ(CaseToJson(item, item.deadline + 1)["overdue"], true);
  item.state = cases::CaseState::kActioned;
  EXPECT_EQ(CaseToJson(item, item.deadline + 1)["overdue"], false);
  EXPECT_TRUE(before["order_deadline"].is_null());
}

}  // namespace
}  // namespace clearhost::server
