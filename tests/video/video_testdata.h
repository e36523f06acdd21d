// Helpers for the video suites: the shared vPDQ test vectors (videos and the reference's
// per-frame files) and reading a per-frame file.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "lists/vpdq_file.h"
#include "support/test_support.h"

namespace clearhost::testing {

// Every frame of a vPDQ per-frame file, in file order (a test failure when it does not parse).
inline std::vector<lists::VpdqFrame> ReadVpdqFile(const std::filesystem::path& path) {
  std::vector<lists::VpdqFrame> frames;
  lists::VpdqFileParser parser(
      path.string(), {.on_frame =
                          [&frames](const lists::VpdqFrame& frame, uint64_t) {
                            frames.push_back(frame);
                            return absl::OkStatus();
                          },
                      .on_problem =
                          [&path](const lists::ListProblem& problem) {
                            ADD_FAILURE() << path << ":" << problem.line << ": " << problem.message;
                          }});
  const std::vector<uint8_t> bytes = ReadFileBytes(path);
  EXPECT_TRUE(parser.Feed(bytes).ok());
  EXPECT_TRUE(parser.Finish().ok());
  return frames;
}

// The names (without extension) of the shared test videos that have `NAME.SUFFIX.txt` expected
// files, e.g. suffix "r1" (one hash a second) or "r0" (every frame); sorted.
inline std::vector<std::string> VideosWithExpected(const std::filesystem::path& testdata,
                                                   const std::string& suffix) {
  std::vector<std::string> names;
  const std::string ending = "." + suffix + ".txt";
  for (const auto& entry : std::filesystem::directory_iterator(testdata / "video" / "expected")) {
    const std::string file = entry.path().filename().string();
    if (file.size() > ending.size() && file.ends_with(ending)) {
      names.push_back(file.substr(0, file.size() - ending.size()));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// testdata/video/videos/NAME.* (the one file with that stem).
inline std::filesystem::path TestVideoPath(const std::filesystem::path& testdata,
                                           const std::string& name) {
  for (const auto& entry : std::filesystem::directory_iterator(testdata / "video" / "videos")) {
    if (entry.path().stem() == name) return entry.path();
  }
  ADD_FAILURE() << "no test video named " << name;
  return {};
}

// Every frame of a vPDQ per-frame file, in file order (a test failure when it does not parse).

// The names (without extension) of the shared test videos that have `NAME.SUFFIX.txt` expected
// files, e.g. suffix "r1" (one hash a second) or "r0" (every frame); sorted.

// testdata/video/videos/NAME.* (the one file with that stem).

}  // namespace clearhost::testing
