// The real `clearhost serve` as a child process for end-to-end tests: started on a free
// loopback port (read back from its "listening on" line), stopped with SIGTERM or killed with
// SIGKILL, its stderr kept in a file; plus a client that sends bearer-token JSON requests.
#pragma once

#include <httplib.h>
#include <sys/types.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace clearhost::testing {

class ServerProcess {
 public:
  // Starts `clearhost serve --db database_url --listen 127.0.0.1:0 extra...` with stderr to
  // `log`, and waits (up to 30 s) until it listens. started() says whether it did.
  ServerProcess(const std::string& database_url, const std::filesystem::path& log,
                const std::vector<std::string>& extra = {});
  ~ServerProcess();  // SIGKILL if still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool started() const { return port_ > 0; }
  int port() const { return port_; }
  // SIGTERM, then waits; the exit code (128 + signal when killed by one).
  int Terminate();
  // SIGKILL, then waits.
  void Kill();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// A new API token from the real `clearhost tokens create`; "" (and a test failure) when the
// command fails.
std::string CreateApiToken(const std::string& database_url, const std::string& role,
                           const std::string& principal);

struct HttpReply {
  int status = 0;  // 0: no answer (connection failed)
  nlohmann::json body;
  std::string text;
};

// A JSON client for one server and one token ("" for none).
class ApiClient {
 public:
  ApiClient(int port, std::string token);
  HttpReply Get(const std::string& path);
  HttpReply Post(const std::string& path, const std::string& body);
  HttpReply Post(const std::string& path, const nlohmann::json& body) {
    return Post(path, body.dump());
  }
  // A POST of raw bytes (an upload) with `content_type`.
  HttpReply PostBytes(const std::string& path, const std::string& bytes,
                      const std::string& content_type);
  HttpReply Patch(const std::string& path, const nlohmann::json& body);
  HttpReply Delete(const std::string& path);

 private:
  HttpReply Reply(const httplib::Result& result);
  httplib::Client client_;
  httplib::Headers headers_;
};

}  // namespace clearhost::testing
