#include "cases/intake/maildir.h"

#include <gtest/gtest.h>

#include <cstdio>

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

TEST(MaildirTest, MoveKeepsTheNameAndLeavesOneCopy) {
  ScratchDir dir;
  ASSERT_TRUE(CreateMaildir(dir.path()).ok());
  const fs::path message = dir.path() / "new" / "100.a";
  WriteText(message, "body");
  ASSERT_TRUE(MoveToMaildir(message, dir.path() / ".processed").ok());
  EXPECT_FALSE(fs::exists(message));
  EXPECT_EQ(ReadText(dir.path() / ".processed" / "cur" / "100.a"), "body");
  EXPECT_TRUE(fs::is_directory(dir.path() / ".processed" / "tmp"));
  EXPECT_FALSE(MoveToMaildir(message, dir.path() / ".processed").ok());  // gone already
}

TEST(MaildirTest, DeliveryWritesHeadBodyAndTheRestOfAStream) {
  ScratchDir dir;
  const fs::path source = dir.path() / "rest.txt";
  WriteText(source, std::string(200'000, 'r'));
  std::FILE* rest = std::fopen(source.c_str(), "rb");
  ASSERT_NE(rest, nullptr);
  Result<fs::path> first =
      DeliverToMaildir(dir.path() / "rejected", "X-Why: test\r\n", "body-", rest);
  std::fclose(rest);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->parent_path(), dir.path() / "rejected" / "new");
  EXPECT_EQ(ReadText(*first), "X-Why: test\r\nbody-" + std::string(200'000, 'r'));
  Result<fs::path> second = DeliverToMaildir(dir.path() / "rejected", "", "two", nullptr);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(*first, *second);
  EXPECT_TRUE(fs::is_empty(dir.path() / "rejected" / "tmp"));
}

TEST(MaildirTest, DeliveryIntoAnUnwritablePlaceFailsCleanly) {
  Result<fs::path> kept = DeliverToMaildir("/proc/clearhost-no-such-dir", "", "x", nullptr);
  EXPECT_FALSE(kept.ok());
  EXPECT_NE(kept.status().message().find("/proc/clearhost-no-such-dir"), std::string::npos)
      << kept.status();
}

}  // namespace
}  // namespace clearhost::cases::intake
