#include "scan/api_client.h"

#include <curl/curl.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "scan/webhook.h"

namespace clearhost::scan {
namespace {

size_t AppendBody(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// The Status code for an HTTP error status (the inverse of the server's mapping).
absl::StatusCode CodeForHttp(long status) {
  switch (status) {
    case 400:
      return absl::StatusCode::kInvalidArgument;
    case 401:
      return absl::StatusCode::kUnauthenticated;
    case 403:
      return absl::StatusCode::kPermissionDenied;
    case 404:
      return absl::StatusCode::kNotFound;
    case 409:
      return absl::StatusCode::kFailedPrecondition;
    case 413:
      return absl::StatusCode::kResourceExhausted;
    default:
      return status >= 500 ? absl::StatusCode::kUnavailable : absl::StatusCode::kUnknown;
  }
}

}  // namespace

struct ApiClient::State {
  Options options;
  std::unique_ptr<CURL, void (*)(CURL*)> curl{nullptr, curl_easy_cleanup};
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> headers{nullptr, curl_slist_free_all};
};

ApiClient::ApiClient(std::unique_ptr<State> state) : state_(std::move(state)) {}
ApiClient::~ApiClient() = default;

Result<std::unique_ptr<ApiClient>> ApiClient::Create(Options options) {
  while (!options.server_url.empty() && options.server_url.back() == '/') {
    options.server_url.pop_back();
  }
  if (Status url = CheckWebhookUrl(options.server_url); !url.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--server ", options.server_url, ": must be http:// or https:// with a host"));
  }
  if (options.token.empty()) return absl::InvalidArgumentError("--token: an API token is required");
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  auto state = std::make_unique<State>();
  state->curl.reset(curl_easy_init());
  if (!state->curl) return absl::ResourceExhaustedError("cannot start libcurl");
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  headers =
      curl_slist_append(headers, absl::StrCat("Authorization: Bearer ", options.token).c_str());
  state->headers.reset(headers);
  state->options = std::move(options);
  CURL* handle = state->curl.get();
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, long(state->options.timeout_ms));
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, AppendBody);
  return std::unique_ptr<ApiClient>(new ApiClient(std::move(state)));
}

Result<nlohmann::json> ApiClient::Get(const std::string& path) {
  return Send(path, nullptr);
}

Result<nlohmann::json> ApiClient::Post(const std::string& path, const std::string& body) {
  return Send(path, &body);
}

Result<nlohmann::json> ApiClient::Send(const std::string& path, const std::string* body) {
  std::chrono::milliseconds backoff(100);
  for (int attempt = 1;; ++attempt) {
    Result<nlohmann::json> answer = SendOnce(path, body);
    if (answer.ok() || !absl::IsUnavailable(answer.status()) ||
        attempt >= state_->options.attempts) {
      return answer;
    }
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(5'000));
  }
}

Result<nlohmann::json> ApiClient::SendOnce(const std::string& path, const std::string* body) {
  CURL* handle = state_->curl.get();
  const std::string url = state_->options.server_url + path;
  std::string answer;
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &answer);
  if (body != nullptr) {
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body->size()));
  } else {
    curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
  }
  const CURLcode code = curl_easy_perform(handle);
  if (code != CURLE_OK) {
    return absl::UnavailableError(absl::StrCat(url, ": ", curl_easy_strerror(code)));
  }
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  nlohmann::json json = nlohmann::json::parse(answer, nullptr, false);
  if (status >= 200 && status <= 299 && !json.is_discarded()) return json;
  std::string message = absl::StrCat("HTTP ", status);
  if (!json.is_discarded() && json.contains("error") && json["error"].is_object()) {
    message = absl::StrCat(message, ": ", json["error"].value("message", ""));
  } else if (status >= 200 && status <= 299) {
    message = "the answer is not JSON";
  }
  return Status(CodeForHttp(status), absl::StrCat(url, ": ", message));
}

}  // namespace clearhost::scan
