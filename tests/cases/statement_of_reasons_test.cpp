#include "cases/statement_of_reasons.h"

#include <gtest/gtest.h>

#include <string>

namespace clearhost::cases {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kHour = 3600 * kSecond;
constexpr int64_t kReceived = 1'772'359'200 * kSecond;  // 2026-03-01T10:00:00Z

// A trusted flagger's notice about one image, removed five hours later by a person after a hash
// match.
Case ActionedCase() {
  Case c;
  c.id = 42;
  c.notice.source_type = SourceType::kTrustedFlagger;
  c.notice.sender = "Example Trusted Flagger";
  c.notice.reference = "TF-1";
  c.notice.urls = {"https://files.example/a.jpg"};
  c.notice.ip = "192.0.2.1";
  c.notice.hashes = {{"pdq", std::string(64, 'a')}, {"md5", std::string(32, 'b')}};
  c.notice.reason = "known material";
  c.notice.legal_basis = "NL Sr art. 252";
  c.notice.content_kind = ContentKind::kImage;
  c.notice.automated_detection = true;
  c.notice.received_at = kReceived;
  c.notice.content_date = 1'735'687'800 * kSecond;  // 2024-12-31T23:30:00Z
  c.state = CaseState::kActioned;
  c.action = ActionKind::kRemoved;
  c.opened_at = kReceived;
  c.acknowledged_at = kReceived + kHour;
  c.actioned_at = kReceived + 5 * kHour;
  return c;
}

StatementOptions Options() {
  StatementOptions options;
  options.puid_prefix = "acme-";
  options.default_territorial_scope = {"NL", "DE"};
  return options;
}

nlohmann::json Statement(const Case& c, const StatementOptions& options = Options()) {
  const Result<nlohmann::json> statement = StatementOfReasons(c, options);
  EXPECT_TRUE(statement.ok()) << statement.status();
  return statement.ok() ? *statement : nlohmann::json();
}

void ExpectRefused(const Case& c, const StatementOptions& options, absl::StatusCode code,
                   const std::string& message_part) {
  const Result<nlohmann::json> statement = StatementOfReasons(c, options);
  ASSERT_FALSE(statement.ok());
  EXPECT_EQ(statement.status().code(), code) << statement.status();
  EXPECT_NE(std::string(statement.status().message()).find(message_part), std::string::npos)
      << statement.status();
}

TEST(StatementOfReasonsTest, TrustedFlaggerRemovalGivesTheWholeBody) {
  StatementOptions options = Options();
  options.content_language = "NL";
  options.legal_ground_reference_url = "https://wetten.example/sr/252";
  nlohmann::json expected = nlohmann::json::parse(R"json({
    "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
    "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
    "decision_ground_reference_url": "https://wetten.example/sr/252",
    "illegal_content_legal_ground": "NL Sr art. 252",
    "category": "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
    "category_specification": ["KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL"],
    "content_type": ["CONTENT_TYPE_IMAGE"],
    "territorial_scope": ["DE", "NL"],
    "content_language": "NL",
    "content_date": "2024-12-31",
    "application_date": "2026-03-01",
    "source_type": "SOURCE_TRUSTED_FLAGGER",
    "source_identity": "Example Trusted Flagger",
    "automated_detection": "Yes",
    "automated_decision": "AUTOMATED_DECISION_PARTIALLY",
    "puid": "acme-42"
  })json");
  expected["illegal_content_explanation"] =
      "The content was assessed as child sexual abuse material, which is illegal under NL Sr art. "
      "252.";
  expected["decision_facts"] =
      "Case 42, opened on a notice from a trusted flagger (Article 22 DSA) received on "
      "2026-03-01. It concerns 1 location(s) of image content and gives 2 hash(es) (md5, pdq). "
      "The content was detected by automated means (hash matching). It was removed on "
      "2026-03-01.";
  EXPECT_EQ(Statement(ActionedCase(), options), expected);
}

TEST(StatementOfReasonsTest, KeepsUrlsIpsAndTheSendersReasonOut) {
  const std::string body = Statement(ActionedCase()).dump();
  EXPECT_EQ(body.find("files.example"), std::string::npos);
  EXPECT_EQ(body.find("192.0.2.1"), std::string::npos);
  EXPECT_EQ(body.find("known material"), std::string::npos);
  EXPECT_EQ(body.find("TF-1"), std::string::npos);
}

TEST(StatementOfReasonsTest, EachSourceTypeMapsToItsDsaSourceAndNamesOnlyOrganisations) {
  struct Expected {
    SourceType type;
    const char* source_type;
    bool names_source;
  };
  for (const Expected& expected : {
           Expected{SourceType::kHotline, "SOURCE_TYPE_OTHER_NOTIFICATION", true},
           Expected{SourceType::kRemovalOrder, "SOURCE_TYPE_OTHER_NOTIFICATION", true},
           Expected{SourceType::kArticle16Notice, "SOURCE_ARTICLE_16", false},
           Expected{SourceType::kTrustedFlagger, "SOURCE_TRUSTED_FLAGGER", true},
           Expected{SourceType::kProactiveMatch, "SOURCE_VOLUNTARY", false},
           Expected{SourceType::kLawEnforcement, "SOURCE_TYPE_OTHER_NOTIFICATION", true},
       }) {
    SCOPED_TRACE(SourceTypeName(expected.type));
    Case c = ActionedCase();
    c.notice.source_type = expected.type;
    const nlohmann::json statement = Statement(c);
    EXPECT_EQ(statement["source_type"], expected.source_type);
    EXPECT_EQ(statement.contains("source_identity"), expected.names_source);
    if (expected.names_source) {
      EXPECT_EQ(statement["source_identity"], "Example Trusted Flagger");
    }
  }
  Case unnamed = ActionedCase();
  unnamed.notice.sender = "";
  EXPECT_FALSE(Statement(unnamed).contains("source_identity"));
}

TEST(StatementOfReasonsTest, EachActionMapsToVisibilityScopeAndFacts) {
  Case removed = ActionedCase();
  nlohmann::json statement = Statement(removed);
  EXPECT_EQ(statement["decision_visibility"],
            nlohmann::json::array({"DECISION_VISIBILITY_CONTENT_REMOVED"}));
  EXPECT_EQ(statement["territorial_scope"], nlohmann::json::array({"DE", "NL"}));

  Case disabled = ActionedCase();
  disabled.action = ActionKind::kDisabled;
  statement = Statement(disabled);
  EXPECT_EQ(statement["decision_visibility"],
            nlohmann::json::array({"DECISION_VISIBILITY_CONTENT_DISABLED"}));
  EXPECT_EQ(statement["territorial_scope"], nlohmann::json::array({"DE", "NL"}));
  EXPECT_NE(statement["decision_facts"].get<std::string>().find(
                "Access to it was disabled on 2026-03-01."),
            std::string::npos);

  Case geo_blocked = ActionedCase();
  geo_blocked.action = ActionKind::kGeoBlocked;
  geo_blocked.territorial_scope = {"FR", "BE", "FR"};
  statement = Statement(geo_blocked);
  EXPECT_EQ(statement["decision_visibility"],
            nlohmann::json::array({"DECISION_VISIBILITY_CONTENT_DISABLED"}));
  EXPECT_EQ(statement["territorial_scope"], nlohmann::json::array({"BE", "FR"}));
  EXPECT_NE(statement["decision_facts"].get<std::string>().find(
                "Access to it was disabled in BE, FR on 2026-03-01."),
            std::string::npos);

  for (const Case& c : {removed, disabled, geo_blocked}) {
    const nlohmann::json body = Statement(c);
    for (const char* absent : {"decision_monetary", "decision_provision", "decision_account",
                               "end_date_visibility_restriction"}) {
      EXPECT_FALSE(body.contains(absent)) << absent;
    }
  }
}

TEST(StatementOfReasonsTest, ConfirmedGoneCasesStillGetTheirStatement) {
  Case c = ActionedCase();
  c.state = CaseState::kConfirmedGone;
  c.closed_at = *c.actioned_at + kHour;
  EXPECT_EQ(Statement(c)["application_date"], "2026-03-01");
}

TEST(StatementOfReasonsTest, DefaultScopeIsTheWholeEuAndEea) {
  StatementOptions options = Options();
  options.default_territorial_scope = StatementOptions().default_territorial_scope;
  const nlohmann::json scope = Statement(ActionedCase(), options)["territorial_scope"];
  ASSERT_EQ(scope.size(), 30u);
  EXPECT_EQ(scope.front(), "AT");
  EXPECT_EQ(scope.back(), "SK");
  EXPECT_NE(std::find(scope.begin(), scope.end(), "GR"), scope.end());
  EXPECT_NE(std::find(scope.begin(), scope.end(), "NO"), scope.end());
}

TEST(StatementOfReasonsTest, EachContentKindMapsToAContentType) {
  struct Expected {
    ContentKind kind;
    const char* content_type;
    const char* other;  // nullptr: no content_type_other
  };
  for (const Expected& expected : {
           Expected{ContentKind::kImage, "CONTENT_TYPE_IMAGE", nullptr},
           Expected{ContentKind::kVideo, "CONTENT_TYPE_VIDEO", nullptr},
           Expected{ContentKind::kArchive, "CONTENT_TYPE_OTHER", "Archive file"},
           Expected{ContentKind::kOther, "CONTENT_TYPE_OTHER", "File of another type"},
       }) {
    SCOPED_TRACE(ContentKindName(expected.kind));
    Case c = ActionedCase();
    c.notice.content_kind = expected.kind;
    const nlohmann::json statement = Statement(c);
    EXPECT_EQ(statement["content_type"], nlohmann::json::array({expected.content_type}));
    if (expected.other) {
      EXPECT_EQ(statement["content_type_other"], expected.other);
    } else {
      EXPECT_FALSE(statement.contains("content_type_other"));
    }
  }
}

TEST(StatementOfReasonsTest, AutomationFlagsMapToDetectionAndDecisionLevels) {
  struct Expected {
    bool detection;
    bool decision;
    const char* automated_detection;
    const char* automated_decision;
  };
  for (const Expected& expected : {
           Expected{true, true, "Yes", "AUTOMATED_DECISION_FULLY"},
           Expected{true, false, "Yes", "AUTOMATED_DECISION_PARTIALLY"},
           Expected{false, false, "No", "AUTOMATED_DECISION_NOT_AUTOMATED"},
           Expected{false, true, "No", "AUTOMATED_DECISION_FULLY"},
       }) {
    Case c = ActionedCase();
    c.notice.automated_detection = expected.detection;
    c.automated_decision = expected.decision;
    const nlohmann::json statement = Statement(c);
    EXPECT_EQ(statement["automated_detection"], expected.automated_detection);
    EXPECT_EQ(statement["automated_decision"], expected.automated_decision);
  }
}

TEST(StatementOfReasonsTest, DatesAreUtcCalendarDays) {
  EXPECT_EQ(StatementDate(0), "1970-01-01");
  EXPECT_EQ(StatementDate(-1), "1969-12-31");
  EXPECT_EQ(StatementDate(1'772'495'999 * kSecond), "2026-03-02");  // 23:59:59
  EXPECT_EQ(StatementDate(1'772'496'000 * kSecond), "2026-03-03");  // midnight

  Case c = ActionedCase();
  c.actioned_at = 1'772'495'999 * kSecond + 999'999;
  c.notice.content_date.reset();  // unknown: the day the notice arrived
  const nlohmann::json statement = Statement(c);
  EXPECT_EQ(statement["application_date"], "2026-03-02");
  EXPECT_EQ(statement["content_date"], "2026-03-01");
}

TEST(StatementOfReasonsTest, PuidGetsTheReopenCountOnceTheContentCameBack) {
  Case c = ActionedCase();
  EXPECT_EQ(Statement(c)["puid"], "acme-42");
  c.reopen_count = 2;
  const nlohmann::json statement = Statement(c);
  EXPECT_EQ(statement["puid"], "acme-42-r2");
  EXPECT_NE(statement["decision_facts"].get<std::string>().find("had come back 2 time(s)"),
            std::string::npos);
}

TEST(StatementOfReasonsTest, LegalGroundFallsBackToTheConfiguredDefault) {
  Case c = ActionedCase();
  c.notice.source_type = SourceType::kProactiveMatch;
  c.notice.legal_basis = "";
  StatementOptions options = Options();
  options.default_legal_ground = "Directive 2011/93/EU art. 5";
  options.explanation_template = "Case {case_id}: illegal under {legal_ground}.";
  const nlohmann::json statement = Statement(c, options);
  EXPECT_EQ(statement["illegal_content_legal_ground"], "Directive 2011/93/EU art. 5");
  EXPECT_EQ(statement["illegal_content_explanation"],
            "Case 42: illegal under Directive 2011/93/EU art. 5.");
  EXPECT_EQ(statement["source_type"], "SOURCE_VOLUNTARY");
}

TEST(StatementOfReasonsTest, RefusesCasesThatAreNotActioned) {
  for (const CaseState state :
       {CaseState::kReceived, CaseState::kAssessing, CaseState::kRejected, CaseState::kEscalated}) {
    Case c = ActionedCase();
    c.state = state;
    ExpectRefused(c, Options(), absl::StatusCode::kFailedPrecondition, "case 42 is not actioned");
  }
  Case no_action = ActionedCase();
  no_action.action.reset();
  ExpectRefused(no_action, Options(), absl::StatusCode::kFailedPrecondition, "no action");
  Case no_time = ActionedCase();
  no_time.actioned_at.reset();
  ExpectRefused(no_time, Options(), absl::StatusCode::kFailedPrecondition, "no actioned_at");
}

TEST(StatementOfReasonsTest, RefusesWhatTheSchemaWouldReject) {
  Case geo_blocked = ActionedCase();
  geo_blocked.action = ActionKind::kGeoBlocked;
  ExpectRefused(geo_blocked, Options(), absl::StatusCode::kFailedPrecondition,
                "case 42 is geo-blocked but names no countries");
  geo_blocked.territorial_scope = {"NL", "UK"};
  ExpectRefused(geo_blocked, Options(), absl::StatusCode::kInvalidArgument, "'UK'");

  StatementOptions empty_scope = Options();
  empty_scope.default_territorial_scope.clear();
  ExpectRefused(ActionedCase(), empty_scope, absl::StatusCode::kInvalidArgument,
                "default territorial scope is empty");

  StatementOptions bad_prefix = Options();
  bad_prefix.puid_prefix = "acme case/";
  ExpectRefused(ActionedCase(), bad_prefix, absl::StatusCode::kInvalidArgument, "puid prefix");

  StatementOptions bad_language = Options();
  bad_language.content_language = "nl";
  ExpectRefused(ActionedCase(), bad_language, absl::StatusCode::kInvalidArgument, "'nl'");

  Case no_ground = ActionedCase();
  no_ground.notice.legal_basis = "";
  ExpectRefused(no_ground, Options(), absl::StatusCode::kFailedPrecondition, "no legal basis");

  Case old_content = ActionedCase();
  old_content.notice.content_date = 946'684'799 * kSecond;  // 1999-12-31T23:59:59Z
  ExpectRefused(old_content, Options(), absl::StatusCode::kInvalidArgument,
                "content_date 1999-12-31");
  old_content.notice.content_date = 946'684'800 * kSecond;  // 2000-01-01: accepted
  EXPECT_EQ(Statement(old_content)["content_date"], "2000-01-01");

  Case early = ActionedCase();
  early.actioned_at = 1'577'793'600 * kSecond;  // 2019-12-31T12:00:00Z
  ExpectRefused(early, Options(), absl::StatusCode::kInvalidArgument,
                "application_date 2019-12-31");
  Case late = ActionedCase();
  late.actioned_at = 2'146'003'200 * kSecond;  // 2038-01-02
  ExpectRefused(late, Options(), absl::StatusCode::kInvalidArgument, "application_date 2038-01-02");
  late.actioned_at = 2'146'003'200 * kSecond - 1;  // 2038-01-01: accepted
  EXPECT_EQ(Statement(late)["application_date"], "2038-01-01");
}

TEST(StatementOfReasonsTest, LengthLimitsCountCharactersNotBytes) {
  Case c = ActionedCase();
  std::string ground;
  for (int i = 0; i < 500; ++i) ground += "\xC3\xA9";  // 500 x U+00E9, 1000 bytes
  c.notice.legal_basis = ground;
  StatementOptions options = Options();
  options.explanation_template = "Illegal.";
  EXPECT_EQ(Statement(c, options)["illegal_content_legal_ground"], ground);
  c.notice.legal_basis += "x";
  ExpectRefused(c, options, absl::StatusCode::kInvalidArgument,
                "illegal_content_legal_ground is longer than the 500 characters");
}

}  // namespace
}  // namespace clearhost::cases
