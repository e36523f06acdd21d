#include "core/file_walk.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace clearhost {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDir;

struct Visit {
  std::string path;
  absl::StatusCode code;
};

std::vector<Visit> Walk(const std::vector<fs::path>& roots, const fs::path& base) {
  std::vector<Visit> visits;
  WalkPaths(roots, [&](const fs::path& path, const Status& problem) {
    visits.push_back({path.lexically_relative(base).string(), problem.code()});
    return true;
  });
  return visits;
}

TEST(FileWalkTest, WalksRecursivelyInSortedOrder) {
  ScratchDir dir;
  fs::create_directories(dir.path() / "b" / "c");
  testing::WriteFile(dir.path() / "b" / "c" / "z", {1});
  testing::WriteFile(dir.path() / "b" / "a", {1});
  testing::WriteFile(dir.path() / "a", {1});
  auto visits = Walk({dir.path()}, dir.path());
  ASSERT_EQ(visits.size(), 3u);
  EXPECT_EQ(visits[0].path, "a");
  EXPECT_EQ(visits[1].path, "b/a");
  EXPECT_EQ(visits[2].path, "b/c/z");
  for (const auto& visit : visits) EXPECT_EQ(visit.code, absl::StatusCode::kOk);
}

TEST(FileWalkTest, ReportsSymlinkLoopsInsteadOfLooping) {
  ScratchDir dir;
  fs::create_directories(dir.path() / "d");
  testing::WriteFile(dir.path() / "d" / "f", {1});
  fs::create_directory_symlink(dir.path() / "d", dir.path() / "d" / "loop");
  fs::create_symlink(dir.path() / "self", dir.path() / "self");
  auto visits = Walk({dir.path()}, dir.path());
  int files = 0, problems = 0;
  for (const auto& visit : visits) {
    if (visit.code == absl::StatusCode::kOk) {
      ++files;
    } else {
      ++problems;
    }
  }
  EXPECT_EQ(files, 1);
  EXPECT_EQ(problems, 2);  // d/loop (already visited) and self (ELOOP)
}

TEST(FileWalkTest, MissingPathIsReported) {
  ScratchDir dir;
  auto visits = Walk({dir.path() / "missing"}, dir.path());
  ASSERT_EQ(visits.size(), 1u);
  EXPECT_EQ(visits[0].code, absl::StatusCode::kNotFound);
}

TEST(FileWalkTest, CallbackCanStopTheWalk) {
  ScratchDir dir;
  for (int i = 0; i < 5; ++i) testing::WriteFile(dir.path() / std::to_string(i), {1});
  int seen = 0;
  EXPECT_FALSE(WalkPaths({dir.path()}, [&](const fs::path&, const Status&) { return ++seen < 2; }));
  EXPECT_EQ(seen, 2);
}

}  // namespace
}  // namespace clearhost
