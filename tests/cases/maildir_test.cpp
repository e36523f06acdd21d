#include "cases/intake/maildir.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace clearhost::cases::intake {
namespace {

namespace fs = std::filesystem;
using clearhost::testing::ReadText;
using clearhost::testing::ScratchDir;
using clearhost::testing::WriteText;

TEST(MaildirTest, ListsNewThenCurByNameSkippingDotFiles) {
  ScratchDir dir;
  ASSERT_TRUE(CreateMaildir(dir.path()).ok());
  WriteText(dir.path() / "new" / "200.b", "b");
  WriteText(dir.path() / "new" / "100.a", "a");
  WriteText(dir.path() / "cur" / "050.c:2,S", "c");
  WriteText(dir.path() / "new" / ".hidden", "x");
  WriteText(dir.path() / "tmp" / "300.in-delivery", "x");
  Result<std::vector<fs::path>> messages = MaildirMessages(dir.path());
  ASSERT_TRUE(messages.ok()) << messages.status();
  ASSERT_EQ(messages->size(), 3u);
  EXPECT_EQ((*messages)[0].filename(), "100.a");
  EXPECT_EQ((*messages)[1].filename(), "200.b");
  EXPECT_EQ((*messages)[2].filename(), "050.c:2,S");
}

TEST(MaildirTest, ANonMaildirIsRefusedByName) {
  ScratchDir dir;
  Result<std::vector<fs::path>> messages = MaildirMessages(dir.path());
  ASSERT_TRUE(absl::IsFailedPrecondition(messages.status())) << messages.status();
  EXPECT_NE(messages.status().message().find("not a Maildir"), std::string::npos);
}

TEST(MaildirTest, DeliveriesGetNamesOfTheirOwn) {
  ScratchDir dir;
  Result<fs::path> first = DeliverToMaildir(dir.path() / "rejected", "X-Why: test\r\nbody");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->parent_path(), dir.path() / "rejected" / "new");
  EXPECT_EQ(ReadText(*first), "X-Why: test\r\nbody");
  Result<fs::path> second = DeliverToMaildir(dir.path() / "rejected", "two");
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(*first, *second);
  EXPECT_TRUE(fs::is_empty(dir.path() / "rejected" / "tmp"));
  Result<std::vector<fs::path>> listed = MaildirMessages(dir.path() / "rejected");
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->size(), 2u);
}

TEST(MaildirTest, DeliveryIntoAnUnwritablePlaceFailsCleanly) {
  Result<fs::path> kept = DeliverToMaildir("/proc/clearhost-no-such-dir", "x");
  EXPECT_FALSE(kept.ok());
  EXPECT_NE(kept.status().message().find("/proc/clearhost-no-such-dir"), std::string::npos)
      << kept.status();
}

}  // namespace
}  // namespace clearhost::cases::intake
