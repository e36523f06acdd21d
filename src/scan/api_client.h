// A JSON client for a `clearhost serve` (the scanner's remote mode): bearer-token requests over
// one kept-alive libcurl connection, retried with backoff when the server is unreachable or
// answers 503/5xx; other errors come back at once as the server's error code and message.
// http and https only, no redirects, loopback never through a proxy.
// Thread-safety: one ApiClient per thread.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"

namespace clearhost::scan {

class ApiClient {
 public:
  struct Options {
    std::string server_url;  // e.g. http://127.0.0.1:8440
    std::string token;
    int attempts = 5;         // tries per request while the server is unavailable
    int timeout_ms = 60'000;  // per try
  };

  // InvalidArgument for a URL that is not http(s)://HOST[:PORT] or an empty token.
  static Result<std::unique_ptr<ApiClient>> Create(Options options);
  ~ApiClient();
  ApiClient(const ApiClient&) = delete;
  ApiClient& operator=(const ApiClient&) = delete;

  // The JSON answer of GET `path` / POST `path` with `body`. Errors: Unavailable after the
  // last try; Unauthenticated / PermissionDenied / InvalidArgument / NotFound / ... for the
  // server's 4xx answers, with its message.
  Result<nlohmann::json> Get(const std::string& path);
  Result<nlohmann::json> Post(const std::string& path, const std::string& body);

 private:
  struct State;
  explicit ApiClient(std::unique_ptr<State> state);
  Result<nlohmann::json> Send(const std::string& path, const std::string* body);
  Result<nlohmann::json> SendOnce(const std::string& path, const std::string* body);

  std::unique_ptr<State> state_;
};

}  // namespace clearhost::scan
