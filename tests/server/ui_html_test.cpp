#include "server/ui_html.h"

#include <gtest/gtest.h>

#include "cases/deadline_policy.h"

namespace clearhost::server {
namespace {

constexpr int64_t kMinute = 60'000'000;

TEST(UiHtmlTest, EscapesEveryCharacterThatCouldEndTextOrAnAttribute) {
  EXPECT_EQ(HtmlEscape(R"(<script>alert("x")</script>)"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  EXPECT_EQ(HtmlEscape("a & b's"), "a &amp; b&apos;s");
  EXPECT_EQ(HtmlEscape("\" onmouseover='x'"), "&quot; onmouseover=&apos;x&apos;");
  EXPECT_EQ(HtmlEscape("&amp;"), "&amp;amp;");  // escaped once more, never left as is
}

TEST(UiHtmlTest, KeepsTextAndUtf8AndDropsControlCharacters) {
  EXPECT_EQ(HtmlEscape("https://files.example.net/u/1/a.jpg?x=1"),
            "https://files.example.net/u/1/a.jpg?x=1");
  EXPECT_EQ(HtmlEscape("Grüße – ok\tline\n"), "Grüße – ok\tline\n");
  EXPECT_EQ(HtmlEscape(std::string("a\0b\x01\x1f"
                                   "c",
                                   6)),
            "abc");
  EXPECT_EQ(HtmlEscape(""), "");
}

TEST(UiHtmlTest, WritesDurationsInHoursAndMinutes) {
  EXPECT_EQ(DurationText(0), "< 1 min");
  EXPECT_EQ(DurationText(59'999'999), "< 1 min");
  EXPECT_EQ(DurationText(45 * kMinute), "45 min");
  EXPECT_EQ(DurationText(190 * kMinute + 59'000'000), "3 h 10 min");
  EXPECT_EQ(DurationText(27 * cases::kMicrosPerHour), "27 h 0 min");
  EXPECT_EQ(DurationText(-302 * kMinute), "5 h 2 min");
}

TEST(UiHtmlTest, SaysWhetherADeadlineHasPassed) {
  const int64_t now = 1'700'000'000'000'000;
  EXPECT_EQ(DeadlineText(now - 190 * kMinute, now), "overdue by 3 h 10 min");
  EXPECT_EQ(DeadlineText(now + 302 * kMinute, now), "5 h 2 min left");
  EXPECT_EQ(DeadlineText(now, now), "overdue by < 1 min");
}

TEST(UiHtmlTest, WritesTimesToTheMinuteInUtc) {
  EXPECT_EQ(MinuteText(1'749'974'400'000'000), "2025-06-15 08:00 UTC");
}

}  // namespace
}  // namespace clearhost::server
