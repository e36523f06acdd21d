#include "cases/intake/mail_date.h"

#include <gtest/gtest.h>

namespace clearhost::cases::intake {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t k0900 = 1'795'510'800 * kSecond;  // 2026-11-24T09:00:00Z

TEST(MailDateTest, ReadsRfc5322Dates) {
  EXPECT_EQ(*ParseMailDate("Tue, 24 Nov 2026 10:00:00 +0100"), k0900);
  EXPECT_EQ(*ParseMailDate("24 Nov 2026 09:00:00 GMT"), k0900);
  EXPECT_EQ(*ParseMailDate("Tue, 24 Nov 2026 04:00:00 EST (Eastern)"), k0900);
  EXPECT_EQ(*ParseMailDate("Tue,24 nov 2026 01:00 PST"), k0900);
  EXPECT_EQ(*ParseMailDate("  Tue, 24 Nov 2026 09:00:00 UT  "), k0900);
  EXPECT_EQ(*ParseMailDate("Tue, 24 Nov 2026 09:00:00 Z"), k0900);
  EXPECT_EQ(*ParseMailDate("Tue, 24 Nov 2026 09:00:00 A"), k0900);  // military: read as +0000
  EXPECT_EQ(*ParseMailDate("Tue, 5 Jan 99 12:30:00 +0000"), 915'539'400 * kSecond);
  EXPECT_EQ(*ParseMailDate("Tue, 24 Nov 2026 14:30:00 +0530"), k0900);
}

TEST(MailDateTest, RefusesWhatIsNotAnRfc5322Date) {
  for (const std::string_view text :
       {"", "yesterday", "2026-11-24T09:00:00Z", "Tue 24 Nov 2026 09:00:00 +0000",
        "31 Feb 2026 09:00:00 +0000", "24 Foo 2026 09:00:00 +0000", "24 Nov 2026 25:00:00 +0000",
        "24 Nov 2026 09:00:00 +0000 trailing", "24 Nov 2026 09:00:00 XYZ"}) {
    const Result<int64_t> date = ParseMailDate(text);
    EXPECT_FALSE(date.ok()) << text;
    if (!date.ok()) {
      EXPECT_EQ(date.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

TEST(MailDateTest, ReadsIsoTimestampsWithZone) {
  EXPECT_EQ(*ParseIsoTimestamp("2026-11-24T09:00:00Z"), k0900);
  EXPECT_EQ(*ParseIsoTimestamp("2026-11-24T10:00:00+01:00"), k0900);
  EXPECT_EQ(*ParseIsoTimestamp("2026-11-24T04:00:00-0500"), k0900);
  EXPECT_EQ(*ParseIsoTimestamp("2026-11-24 09:00:00.25z"), k0900 + 250'000);
  EXPECT_EQ(*ParseIsoTimestamp("2026-11-24T09:00:00.1234567Z"), k0900 + 123'456);
  EXPECT_EQ(*ParseIsoTimestamp("2026-02-28T23:59:59Z"), 1'772'323'199 * kSecond);
}

TEST(MailDateTest, RefusesIsoTimestampsWithoutZoneOrOutOfRange) {
  for (const std::string_view text :
       {"2026-11-24T09:00:00", "2026-11-24", "2026-13-01T00:00:00Z", "2026-11-24T09:00:00.Z",
        "2026-11-24T09:00:00+25:00", "26-11-24T09:00:00Z", "2026-11-24T09:00:00Zjunk"}) {
    EXPECT_FALSE(ParseIsoTimestamp(text).ok()) << text;
  }
}

}  // namespace
}  // namespace clearhost::cases::intake
