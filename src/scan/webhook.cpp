#include "scan/webhook.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "absl/strings/str_cat.h"

namespace clearhost::scan {
namespace {

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t DiscardBody(char*, size_t size, size_t count, void*) {
  return size * count;
}

}  // namespace

Status CheckWebhookUrl(const std::string& url) {
  const bool http = url.starts_with("http://") || url.starts_with("https://");
  const size_t host = url.find("://") + 3;
  if (!http || url.size() <= host || url[host] == '/') {
    return absl::InvalidArgumentError(
        absl::StrCat("webhook URL ", url, ": must be http:// or https:// with a host"));
  }
  return Status();
}

Status PostJson(const std::string& url, const std::string& body, int timeout_ms) {
  CLEARHOST_RETURN_IF_ERROR(CheckWebhookUrl(url));
  InitCurlOnce();
  const std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return absl::ResourceExhaustedError("webhook: cannot start libcurl");
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  const std::unique_ptr<curl_slist, void (*)(curl_slist*)> header_list(headers,
                                                                       curl_slist_free_all);
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, long(timeout_ms));
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, DiscardBody);
  const CURLcode code = curl_easy_perform(handle);
  if (code != CURLE_OK) {
    return absl::UnavailableError(absl::StrCat("webhook ", url, ": ", curl_easy_strerror(code)));
  }
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) {
    return absl::UnavailableError(absl::StrCat("webhook ", url, ": HTTP status ", status));
  }
  return Status();
}

}  // namespace clearhost::scan
