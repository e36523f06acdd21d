#include "server/hma_fetch.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace clearhost::server::hma {
namespace {

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Status UnsafeUrl() {
  return absl::InvalidArgumentError("Invalid or unsafe URL provided");
}

// The scheme and host libcurl parses out of `url` (host lowercased, IPv6 brackets dropped).
Result<std::pair<std::string, std::string>> SchemeAndHost(std::string_view url) {
  const std::unique_ptr<CURLU, void (*)(CURLU*)> parsed(curl_url(), curl_url_cleanup);
  if (!parsed) return absl::ResourceExhaustedError("cannot start libcurl's URL parser");
  const std::string text(url);
  if (curl_url_set(parsed.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) return UnsafeUrl();
  char* scheme = nullptr;
  char* host = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
      curl_url_get(parsed.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK) {
    curl_free(scheme);
    return UnsafeUrl();
  }
  std::pair<std::string, std::string> result(absl::AsciiStrToLower(scheme),
                                             absl::AsciiStrToLower(host));
  curl_free(scheme);
  curl_free(host);
  std::string& name = result.second;
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') {
    name = name.substr(1, name.size() - 2);
  }
  return result;
}

struct Download {
  std::vector<uint8_t>* bytes = nullptr;
  uint64_t max_bytes = 0;
  bool too_large = false;
};

size_t Collect(char* data, size_t size, size_t count, void* context) {
  Download& download = *static_cast<Download*>(context);
  const size_t length = size * count;
  if (download.bytes->size() + length > download.max_bytes) {
    download.too_large = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  download.bytes->insert(download.bytes->end(), data, data + length);
  return length;
}

}  // namespace

Result<std::string> CheckUrlAllowed(std::string_view url, std::span<const std::string> allowed) {
  CLEARHOST_ASSIGN_OR_RETURN(const auto parts, SchemeAndHost(url));
  const auto& [scheme, host] = parts;
  if ((scheme != "http" && scheme != "https") || host.empty()) return UnsafeUrl();
  for (const std::string& entry : allowed) {
    const std::string name = absl::AsciiStrToLower(entry);
    if (name.empty()) continue;
    if (host == name || host.ends_with(absl::StrCat(".", name))) return host;
  }
  return UnsafeUrl();
}

Result<FetchedMedia> FetchMedia(const std::string& url, std::span<const std::string> allowed,
                                const FetchLimits& limits) {
  if (allowed.empty()) {
    return absl::PermissionDeniedError(
        "hashing by URL is off on this server (start it with --hash-url-allow HOST)");
  }
  InitCurlOnce();
  FetchedMedia media;
  std::string current = url;
  for (int hop = 0; hop <= limits.max_redirects; ++hop) {
    CLEARHOST_RETURN_IF_ERROR(CheckUrlAllowed(current, allowed).status());
    const std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return absl::ResourceExhaustedError("cannot start libcurl");
    CURL* handle = curl.get();
    media.bytes.clear();
    Download download{&media.bytes, limits.max_bytes, false};
    curl_easy_setopt(handle, CURLOPT_URL, current.c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);  // each hop is checked here
    curl_easy_setopt(handle, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, long(limits.timeout_ms));
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, long(std::min(limits.timeout_ms, 10'000)));
    curl_easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(limits.max_bytes));
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &download);
    const CURLcode code = curl_easy_perform(handle);
    if (download.too_large || code == CURLE_FILESIZE_EXCEEDED) {
      return absl::ResourceExhaustedError("Content too large");
    }
    if (code != CURLE_OK) {
      return absl::InvalidArgumentError(
          absl::StrCat("Failed to fetch URL: ", curl_easy_strerror(code)));
    }
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    char* redirect = nullptr;
    curl_easy_getinfo(handle, CURLINFO_REDIRECT_URL, &redirect);
    if (status >= 300 && status < 400 && redirect != nullptr) {
      current = redirect;
      continue;
    }
    if (status < 200 || status > 299) {
      return absl::InvalidArgumentError(absl::StrCat("Failed to fetch URL: HTTP status ", status));
    }
    char* content_type = nullptr;
    curl_easy_getinfo(handle, CURLINFO_CONTENT_TYPE, &content_type);
    media.content_type = content_type != nullptr ? content_type : "";
    return media;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("Failed to fetch URL: more than ", limits.max_redirects, " redirects"));
}

}  // namespace clearhost::server::hma
