// Shared helpers for the GoogleTest suites: where the shared test vectors are, scratch
// directories, running the real clearhost binary, and generating benign test pictures.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "image/image.h"
#include "picture_synth.h"

namespace clearhost::testing {

// ../shared/testdata (or $CLEARHOST_TESTDATA); nullopt when it is absent.
std::optional<std::filesystem::path> TestdataDir();

// Skips the current test with a clear message when the shared test vectors are absent.
#define CLEARHOST_REQUIRE_TESTDATA(var)                                                    \
  auto var##_opt = ::clearhost::testing::TestdataDir();                                    \
  if (!var##_opt) GTEST_SKIP() << "shared test vectors not found: set CLEARHOST_TESTDATA"; \
  const std::filesystem::path var = *var##_opt

// A fresh empty directory under the system temp dir, removed by the destructor.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Path of the clearhost binary built with the tests.
std::filesystem::path ClearhostBinary();

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs the clearhost binary with `args` (no shell), capturing stdout and stderr.
CommandResult RunClearhost(const std::vector<std::string>& args);
// The same with `input` on its stdin (nullopt: /dev/null).
CommandResult RunClearhost(const std::vector<std::string>& args,
                           const std::optional<std::string>& input);
// Runs `argv` (argv[0] found on PATH; no shell) with `input` on its stdin (nullopt: /dev/null),
// capturing stdout and stderr.
CommandResult RunProgram(const std::vector<std::string>& argv,
                         const std::optional<std::string>& input = std::nullopt);
// Whether `program` is an executable file in a directory on PATH (e.g. an optional test peer).
bool ProgramOnPath(const std::string& program);

// Benign generated fixtures (see tools/picture_synth.h).
inline image::RgbImage MakeTestPicture(int width, int height, uint32_t seed) {
  return synth::MakePicture(width, height, seed);
}
using synth::EncodeJpeg;
using synth::EncodePng;

void WriteFile(const std::filesystem::path& path, const std::vector<uint8_t>& bytes);
std::vector<uint8_t> ReadFileBytes(const std::filesystem::path& path);
void WriteText(const std::filesystem::path& path, const std::string& text);
std::string ReadText(const std::filesystem::path& path);

// The JSON value on each non-empty line of `text` (clearhost's JSON Lines output); a line that
// is not JSON throws, failing the test.
std::vector<nlohmann::json> JsonLines(const std::string& text);

}  // namespace clearhost::testing
