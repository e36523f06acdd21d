#include "support/server_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <thread>

#include "support/test_support.h"

extern char** environ;

namespace clearhost::testing {

ServerProcess::ServerProcess(const std::string& database_url, const std::filesystem::path& log,
                             const std::vector<std::string>& extra) {
  std::vector<std::string> args = {
      ClearhostBinary().string(), "serve", "--db", database_url, "--listen", "127.0.0.1:0"};
  args.insert(args.end(), extra.begin(), extra.end());
  std::error_code error;
  const size_t log_start =
      std::filesystem::exists(log) ? std::filesystem::file_size(log, error) : 0;
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    pid_ = -1;
    return;
  }
  const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+)/)");
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < give_up) {
    std::smatch match;
    // Only what this process wrote (the log may be shared across restarts).
    const std::string all = ReadText(log);
    const std::string text = all.size() > log_start ? all.substr(log_start) : "";
    std::regex_search(text, match, listening);
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {  // it exited: a start-up error
      pid_ = -1;
      return;
    }
    if (!match.empty()) {
      port_ = std::stoi(match[1]);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Kill();
}

int ServerProcess::Terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string CreateApiToken(const std::string& database_url, const std::string& role,
                           const std::string& principal) {
  const CommandResult created = RunClearhost(
      {"tokens", "create", "--db", database_url, "--role", role, "--principal", principal});
  EXPECT_EQ(created.exit_code, 0) << created.err;
  if (created.exit_code != 0) return "";
  return created.out.substr(0, created.out.find('\n'));
}

ApiClient::ApiClient(int port, std::string token) : client_("127.0.0.1", port) {
  client_.set_read_timeout(std::chrono::seconds(30));
  if (!token.empty()) headers_.emplace("Authorization", "Bearer " + token);
}

HttpReply ApiClient::Reply(const httplib::Result& result) {
  HttpReply reply;
  if (!result) return reply;
  reply.status = result->status;
  reply.text = result->body;
  reply.body = nlohmann::json::parse(result->body, nullptr, false);
  return reply;
}

HttpReply ApiClient::Get(const std::string& path) {
  return Reply(client_.Get(path.c_str(), headers_));
}

HttpReply ApiClient::Post(const std::string& path, const std::string& body) {
  return Reply(client_.Post(path.c_str(), headers_, body, "application/json"));
}

HttpReply ApiClient::PostBytes(const std::string& path, const std::string& bytes,
                               const std::string& content_type) {
  return Reply(client_.Post(path.c_str(), headers_, bytes, content_type.c_str()));
}

HttpReply ApiClient::Patch(const std::string& path, const nlohmann::json& body) {
  return Reply(client_.Patch(path.c_str(), headers_, body.dump(), "application/json"));
}

HttpReply ApiClient::Delete(const std::string& path) {
  return Reply(client_.Delete(path.c_str(), headers_));
}

}  // namespace clearhost::testing
