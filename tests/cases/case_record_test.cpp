#include "cases/case_record.h"

#include <gtest/gtest.h>

namespace clearhost::cases {
namespace {

TEST(CaseRecordTest, EveryNameParsesBackToItsValue) {
  for (const SourceType type : kAllSourceTypes) {
    const Result<SourceType> parsed = ParseSourceType(SourceTypeName(type));
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, type);
  }
  for (const CaseState state :
       {CaseState::kReceived, CaseState::kAssessing, CaseState::kActioned,
        CaseState::kConfirmedGone, CaseState::kRejected, CaseState::kEscalated}) {
    EXPECT_EQ(*ParseCaseState(CaseStateName(state)), state);
  }
  for (const ActionKind kind :
       {ActionKind::kRemoved, ActionKind::kDisabled, ActionKind::kGeoBlocked}) {
    EXPECT_EQ(*ParseActionKind(ActionKindName(kind)), kind);
  }
  for (const ContentKind kind :
       {ContentKind::kImage, ContentKind::kVideo, ContentKind::kArchive, ContentKind::kOther}) {
    EXPECT_EQ(*ParseContentKind(ContentKindName(kind)), kind);
  }
}

TEST(CaseRecordTest, UnknownNamesAreRefusedWithTheAcceptedOnes) {
  const Result<SourceType> type = ParseSourceType("Hotline");
  ASSERT_FALSE(type.ok());
  EXPECT_EQ(type.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(type.status().message().find("'Hotline'"), std::string::npos);
  EXPECT_NE(type.status().message().find("removal_order"), std::string::npos);
  EXPECT_FALSE(ParseCaseState("").ok());
  EXPECT_FALSE(ParseActionKind("deleted").ok());
  EXPECT_FALSE(ParseContentKind("text").ok());
}

}  // namespace
}  // namespace clearhost::cases
