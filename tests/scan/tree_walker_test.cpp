// TreeWalker: sorted order, symlink policies, loops, special files, unreadable and vanished
// paths: everything is either walked or reported, nothing skipped silently.
#include "scan/tree_walker.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "support/test_support.h"

namespace clearhost::scan {
namespace {

namespace fs = std::filesystem;

std::map<std::string, WalkedFile> WalkAll(const std::vector<std::string>& roots,
                                          TreeWalkOptions options,
                                          std::vector<std::string>* order = nullptr) {
  std::map<std::string, WalkedFile> walked;
  TreeWalker walker(roots, options);
  while (auto next = walker.Next()) {
    if (order != nullptr) order->push_back(next->path);
    walked[next->path] = *next;
  }
  return walked;
}

class TreeWalkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = (scratch_.path() / "tree").string();
    fs::create_directories(root_ + "/b/deeper");
    fs::create_directories(scratch_.path() / "outside");
    testing::WriteFile(root_ + "/a.txt", {1});
    testing::WriteFile(root_ + "/b/c.txt", {2});
    testing::WriteFile(root_ + "/b/deeper/d.txt", {3});
    testing::WriteFile(scratch_.path() / "outside" / "e.txt", {4});
    fs::create_symlink("../outside", root_ + "/to_outside");
    fs::create_symlink("b", root_ + "/to_b");
    fs::create_symlink("..", root_ + "/b/loop");
    ASSERT_EQ(mkfifo((root_ + "/fifo").c_str(), 0600), 0);
  }

  testing::ScratchDir scratch_;
  std::string root_;
};

TEST_F(TreeWalkerTest, NeverFollowsLinksByDefaultAndWalksInSortedOrder) {
  std::vector<std::string> order;
  const auto walked = WalkAll({root_}, {}, &order);
  EXPECT_EQ(walked.at(root_ + "/a.txt").kind, WalkedKind::kFile);
  EXPECT_EQ(walked.at(root_ + "/b/deeper/d.txt").kind, WalkedKind::kFile);
  EXPECT_EQ(walked.at(root_ + "/b/deeper/d.txt").identity.size, 1u);
  for (const char* link : {"/to_outside", "/to_b", "/b/loop"}) {
    EXPECT_EQ(walked.at(root_ + link).kind, WalkedKind::kSkipped) << link;
  }
  EXPECT_EQ(walked.at(root_ + "/fifo").kind, WalkedKind::kSkipped);
  EXPECT_NE(walked.at(root_ + "/fifo").problem.message().find("FIFO"), std::string_view::npos);
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  EXPECT_EQ(walked.size(), 7u);
}

TEST_F(TreeWalkerTest, InsideRootsFollowsOnlyLinksIntoTheTreeAndReportsTheLoop) {
  TreeWalkOptions options;
  options.symlinks = SymlinkPolicy::kInsideRoots;
  const auto walked = WalkAll({root_}, options);
  EXPECT_EQ(walked.at(root_ + "/to_outside").kind, WalkedKind::kSkipped);
  EXPECT_NE(walked.at(root_ + "/to_outside").problem.message().find("outside"),
            std::string_view::npos);
  EXPECT_EQ(walked.at(root_ + "/to_b/c.txt").kind, WalkedKind::kFile);
  EXPECT_EQ(walked.at(root_ + "/b/loop").kind, WalkedKind::kProblem);
  EXPECT_NE(walked.at(root_ + "/b/loop").problem.message().find("loop"), std::string_view::npos);
}

TEST_F(TreeWalkerTest, AlwaysFollowsLinksOutOfTheTree) {
  TreeWalkOptions options;
  options.symlinks = SymlinkPolicy::kAlways;
  const auto walked = WalkAll({root_}, options);
  EXPECT_EQ(walked.at(root_ + "/to_outside/e.txt").kind, WalkedKind::kFile);
}

TEST_F(TreeWalkerTest, ReportsMissingRootsAndTooDeepDirectories) {
  TreeWalkOptions options;
  options.max_depth = 1;
  const auto walked = WalkAll({root_ + "/missing", root_}, options);
  EXPECT_EQ(walked.at(root_ + "/missing").kind, WalkedKind::kProblem);
  EXPECT_NE(walked.at(root_ + "/missing").problem.message().find("vanished"),
            std::string_view::npos);
  EXPECT_EQ(walked.at(root_ + "/b/deeper").kind, WalkedKind::kProblem);
  EXPECT_EQ(walked.count(root_ + "/b/deeper/d.txt"), 0u);
}

TEST_F(TreeWalkerTest, ReportsAnUnreadableDirectory) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads every directory (tests/e2e drops privileges)";
  fs::permissions(root_ + "/b", fs::perms::none);
  const auto walked = WalkAll({root_}, {});
  fs::permissions(root_ + "/b", fs::perms::owner_all);
  EXPECT_EQ(walked.at(root_ + "/b").kind, WalkedKind::kProblem);
  EXPECT_TRUE(absl::IsPermissionDenied(walked.at(root_ + "/b").problem));
}

}  // namespace
}  // namespace clearhost::scan
