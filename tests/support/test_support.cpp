#include "support/test_support.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>
#include <string_view>

#include "absl/strings/str_split.h"

extern char** environ;

namespace clearhost::testing {
namespace fs = std::filesystem;

std::optional<fs::path> TestdataDir() {
  fs::path dir = CLEARHOST_DEFAULT_TESTDATA;
  if (const char* env = std::getenv("CLEARHOST_TESTDATA"); env != nullptr && *env != '\0') {
    dir = env;
  }
  if (fs::is_directory(dir / "pdq")) return dir;
  return std::nullopt;
}

ScratchDir::ScratchDir() {
  std::string templ = (fs::temp_directory_path() / "clearhost-test-XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = templ;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  // Restore permissions a test may have removed so the tree can be deleted.
  for (auto it = fs::recursive_directory_iterator(path_, ignored);
       it != fs::recursive_directory_iterator(); it.increment(ignored)) {
    if (!it->is_symlink(ignored))
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ignored);
  }
  fs::remove_all(path_, ignored);
}

fs::path ClearhostBinary() {
  return CLEARHOST_BINARY;
}

CommandResult RunClearhost(const std::vector<std::string>& args) {
  return RunClearhost(args, std::nullopt);
}

CommandResult RunClearhost(const std::vector<std::string>& args,
                           const std::optional<std::string>& input) {
  std::vector<std::string> argv = {ClearhostBinary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProgram(argv, input);
}

bool ProgramOnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string_view directories = path != nullptr ? path : "";
  while (!directories.empty()) {
    const size_t end = directories.find(':');
    const fs::path candidate = fs::path(std::string(directories.substr(0, end))) / program;
    if (access(candidate.c_str(), X_OK) == 0 && fs::is_regular_file(candidate)) return true;
    if (end == std::string_view::npos) break;
    directories.remove_prefix(end + 1);
  }
  return false;
}

CommandResult RunProgram(const std::vector<std::string>& args,
                         const std::optional<std::string>& input) {
  ScratchDir capture;
  const std::string in_path = (capture.path() / "stdin").string();
  if (input) WriteFile(in_path, std::vector<uint8_t>(input->begin(), input->end()));
  const std::string out_path = (capture.path() / "stdout").string();
  const std::string err_path = (capture.path() / "stderr").string();
  const std::string binary = args.at(0);
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, input ? in_path.c_str() : "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  pid_t pid = 0;
  CommandResult result;
  if (posix_spawnp(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    result.err = "posix_spawn failed for " + binary;
    return result;
  }
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  auto slurp = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  result.out = slurp(out_path);
  result.err = slurp(err_path);
  return result;
}

void WriteFile(const fs::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

std::vector<uint8_t> ReadFileBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void WriteText(const std::filesystem::path& path, const std::string& text) {
  WriteFile(path, std::vector<uint8_t>(text.begin(), text.end()));
}

std::string ReadText(const std::filesystem::path& path) {
  const std::vector<uint8_t> bytes = ReadFileBytes(path);
  return std::string(bytes.begin(), bytes.end());
}

std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  for (const auto line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    lines.push_back(nlohmann::json::parse(std::string(line)));
  }
  return lines;
}

}  // namespace clearhost::testing
